import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { parseIssueRef } from '../../domain/issue-ref.js';
import { buildRefineModal, type RefineModalMetadata } from '../../slack/views/refine-modal.js';
import { buildRefineAlreadyFinishedView, buildRefineNoticeView } from '../../slack/views/refine-notices.js';
import { NOT_A_MEMBER } from '../../slack/views/refine-problems.js';
import { saveRefinementProgress } from '../../use-cases/refine.js';
import { readRefinementDraft } from '../views/refine-values.js';
import { readMetadata } from '../views/view-values.js';
import { openRefineModal } from './open-refine-modal.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Answers the presser privately when the button sits in a message (App Home buttons have no response_url). */
async function whisper(args: Args, text: string): Promise<void> {
  if (!args.body.response_url) return;
  await args.respond({ response_type: 'ephemeral', replace_original: false, text });
}

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
    const meta = readMetadata<RefineModalMetadata | null>(view, null);
    if (!meta) throw new Error('refinement modal without metadata');
    const result = await saveRefinementProgress(deps, {
      id: meta.id,
      draft: readRefinementDraft(view),
      userId: args.body.user.id,
    });
    const next =
      result.kind === 'saved'
        ? buildRefineModal({
            record: result.record,
            taxonomy: deps.taxonomy,
            now: deps.clock(),
            fingerprint: meta.fp,
            notice: ':floppy_disk: Progress saved. Anyone on the team can resume it with `/prodsec refine`.',
          })
        : result.kind === 'finished'
          ? buildRefineAlreadyFinishedView(result.record)
          : buildRefineNoticeView(
              result.kind === 'denied' ? NOT_A_MEMBER : 'This checklist no longer exists.',
            );
    await args.client.views.update({ view_id: view.id, view: next });
  };
}
