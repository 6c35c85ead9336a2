import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { parseIssueRef } from '../../domain/issue-ref.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import { refineModalMetadataSchema } from '../../slack/views/refine-modal.js';
import { buildRefineNoticeView } from '../../slack/views/refine-notices.js';
import { buildRefineResultView } from '../../slack/views/refine-result.js';
import { saveRefinementProgress } from '../../use-cases/refine.js';
import { openRefineModal } from '../shared/open-refine-modal.js';
import { readRefinementDraft } from '../shared/refine-values.js';
import { whisper } from '../shared/replies.js';
import { readMetadata } from '../shared/view-values.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The Refine button (triage cards, candidate replies, the queue): value = issue ref. */
export function handleRefineOpenButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { GITLAB_PRODUCT_PROJECT, GITLAB_URL } = deps.config;
    const ref = parseIssueRef(args.action.value ?? '', GITLAB_PRODUCT_PROJECT, GITLAB_URL);
    if (!ref) {
      await whisper(args, 'This Refine button does not point at a GitLab issue.');
      return;
    }
    try {
      await openRefineModal(deps, args.client, args.body.trigger_id, args.body.user.id, ref);
    } catch (err) {
      args.logger.error({ error: (err as Error).message }, 'could not open the refinement checklist');
      await whisper(
        args,
        'Sorry, the refinement checklist did not open. Please try `/prodsec refine` instead.',
      );
    }
  };
}

/** Save progress, inside the checklist: keeps what is filled in and redraws the modal with it. */
export function handleRefineSaveButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const view = args.body.view;
    if (!view) return;
    const meta = readMetadata(view, refineModalMetadataSchema);
    const next = meta
      ? buildRefineResultView(
          await saveRefinementProgress(deps, {
            id: meta.id,
            draft: readRefinementDraft(view),
            userId: args.body.user.id,
            fingerprint: meta.labelsFingerprint,
          }),
          { taxonomy: deps.taxonomy, now: deps.clock() },
        )
      : buildRefineNoticeView(LOST_TRACK.refinement);
    await args.client.views.update({ view_id: view.id, view: next });
  };
}
