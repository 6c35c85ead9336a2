import type { Deps } from '../../deps.js';
import type { IntakeMetadata } from '../../slack/views/intake-state.js';
import { buildRequestModal } from '../../slack/views/request-modal.js';

/** Opens the typed request form (the type picker, and that type's fields when one is named). */
export async function openRequestModal(
  deps: Deps,
  opts: { triggerId: string; typeId?: string; metadata: IntakeMetadata },
): Promise<void> {
  // NOTE: the trigger_id expires 3 s after Slack issued it: open the modal right after ack.
  await deps.slackFast.openView({
    trigger_id: opts.triggerId,
    view: buildRequestModal({
      types: deps.taxonomy.requestTypes,
      typeId: opts.typeId ?? null,
      metadata: opts.metadata,
    }),
  });
}
