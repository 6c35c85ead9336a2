import type { Deps } from '../../deps.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import { refineModalMetadataSchema } from '../../slack/views/refine-modal.js';
import { buildRefineNoticeView, refineConfirmMetadataSchema } from '../../slack/views/refine-notices.js';
import { buildRefineFieldErrors, buildRefineResultView } from '../../slack/views/refine-result.js';
import { finishRefinement } from '../../use-cases/finish-refinement.js';
import { readRefinementDraft } from '../shared/refine-values.js';
import type { SubmissionArgs } from '../shared/submission.js';
import { readMetadata } from '../shared/view-values.js';

/**
 * Finish: field errors when the definition of ready is not met; otherwise the modal says it is
 * checking while the issue is re-read, and a closed or relabelled issue asks before overwriting.
 */
export function handleRefineFinish(deps: Deps) {
  return async ({ ack, view, body, client }: SubmissionArgs): Promise<void> => {
    const meta = readMetadata(view, refineModalMetadataSchema);
    if (!meta) {
      await ack({ response_action: 'update', view: buildRefineNoticeView(LOST_TRACK.refinement) });
      return;
    }
    const render = { taxonomy: deps.taxonomy, now: deps.clock() };
    let acked = false;
    const outcome = await finishRefinement(
      deps,
      { id: meta.id, userId: body.user.id, userName: body.user.name, draft: readRefinementDraft(view) },
      {
        confirmed: false,
        fingerprint: meta.labelsFingerprint,
        onChecking: async (checking) => {
          acked = true;
          await ack({ response_action: 'update', view: buildRefineResultView(checking, render) });
        },
      },
    );
    if (acked) {
      await client.views.update({ view_id: view.id, view: buildRefineResultView(outcome, render) });
    } else if (outcome.kind === 'not_ready') {
      await ack({ response_action: 'errors', errors: buildRefineFieldErrors(outcome.errors) });
    } else {
      await ack({ response_action: 'update', view: buildRefineResultView(outcome, render) });
    }
  };
}

/** "Apply anyway" after a warning: finishes without asking GitLab again. */
export function handleRefineConfirm(deps: Deps) {
  return async ({ ack, view, body }: SubmissionArgs): Promise<void> => {
    const meta = readMetadata(view, refineConfirmMetadataSchema);
    if (!meta) {
      await ack({ response_action: 'update', view: buildRefineNoticeView(LOST_TRACK.refinement) });
      return;
    }
    const outcome = await finishRefinement(
      deps,
      { id: meta.id, userId: body.user.id, userName: body.user.name },
      { confirmed: true },
    );
    await ack({
      response_action: 'update',
      view: buildRefineResultView(outcome, { taxonomy: deps.taxonomy, now: deps.clock() }),
    });
  };
}
