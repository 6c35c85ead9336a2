/** A built view or message: only its blocks are read. */
interface WithBlocks {
  blocks?: readonly unknown[];
}

// biome-ignore lint/suspicious/noExplicitAny: builder tests read nested Block Kit fields freely.
type AnyBlock = any;

/** A block of a built view or message, looked up by its block_id; throws when it is missing. */
export function blockById(view: WithBlocks, blockId: string): AnyBlock {
  const found = (view.blocks ?? []).find((b) => (b as AnyBlock)?.block_id === blockId);
  if (!found) throw new Error(`no block ${blockId}`);
  return found;
}

/** The block_ids of the view's input blocks, in order, with whether each is required. */
export function inputs(view: WithBlocks): Array<{ blockId: string; required: boolean }> {
  return (view.blocks ?? [])
    .filter((b) => (b as AnyBlock)?.type === 'input')
    .map((b) => ({ blockId: String((b as AnyBlock).block_id), required: !(b as AnyBlock).optional }));
}
