import type { ViewOutput } from '@slack/bolt';
import type { z } from 'zod';

type StateValue = ViewOutput['state']['values'][string][string];

/** Reads `view.state.values[block][action]` into something plain: text, a selected value, or checked values. */
export function readValue(view: ViewOutput, blockId: string, actionId: string): StateValue | undefined {
  return view.state.values[blockId]?.[actionId];
}

export function readText(view: ViewOutput, blockId: string, actionId: string): string {
  const v = readValue(view, blockId, actionId);
  return typeof v?.value === 'string' ? v.value : '';
}

export function readSelected(view: ViewOutput, blockId: string, actionId: string): string | undefined {
  return readValue(view, blockId, actionId)?.selected_option?.value ?? undefined;
}

export function readChecked(view: ViewOutput, blockId: string, actionId: string): string[] {
  return (readValue(view, blockId, actionId)?.selected_options ?? []).map((o) => o.value);
}

/**
 * The modal's `private_metadata`, checked against the schema that sits beside its type. Undefined
 * when it does not parse (a modal from an older release, a forged payload): the caller answers the
 * person. An empty metadata reads as `{}`, so a schema with defaults may accept it.
 */
export function readMetadata<S extends z.ZodType>(view: ViewOutput, schema: S): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = view.private_metadata ? JSON.parse(view.private_metadata) : {};
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
