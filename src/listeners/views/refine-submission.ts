import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Deps } from '../../deps.js';
import type { RefinementField } from '../../domain/refinement.js';
import { ids } from '../../slack/ids.js';
import type { RefineModalMetadata } from '../../slack/views/refine-modal.js';
import {
  buildRefineAlreadyFinishedView,
  buildRefineApplyingView,
  buildRefineCheckingView,
  buildRefineConfirmView,
  buildRefineNoticeView,
  type RefineConfirmMetadata,
} from '../../slack/views/refine-notices.js';
import { NOT_A_MEMBER } from '../../slack/views/refine-problems.js';
import {
  checkIssueUnchanged,
  type FinishResult,
  finishRefinement,
  prepareFinish,
} from '../../use-cases/finish-refinement.js';
import { readRefinementDraft } from './refine-values.js';
import { readMetadata } from './view-values.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const MISSING = 'This checklist no longer exists. Run `/prodsec refine` again.';

function finishView(result: FinishResult, userId: string): ModalView {
  switch (result.kind) {
    case 'queued':
      return buildRefineApplyingView(result.record);
    case 'already':
      return result.record.finishedBy === userId
        ? buildRefineApplyingView(result.record)
        : buildRefineAlreadyFinishedView(result.record);
    case 'denied':
      return buildRefineNoticeView(NOT_A_MEMBER);
    case 'not_ready':
      return buildRefineNoticeView(
        'The saved checklist no longer meets the definition of ready. Reopen it to fix it.',
      );
    case 'missing':
      return buildRefineNoticeView(MISSING);
  }
}

/**
 * Finish: field errors when the definition of ready is not met; otherwise the modal says it is
 * checking, the issue is re-read, and a closed or relabelled issue asks before overwriting.
 */
export function handleRefineFinish(deps: Deps) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const meta = readMetadata<RefineModalMetadata | null>(view, null);
    if (!meta) throw new Error('refinement modal without metadata');
    const user = body.user.id;
    const prepared = await prepareFinish(deps, {
      id: meta.id,
      draft: readRefinementDraft(view),
      userId: user,
    });
    if (prepared.kind === 'not_ready') {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(prepared.errors)) {
        errors[ids.refine.blocks[field as RefinementField]] = message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    if (prepared.kind !== 'ready') {
      const view =
        prepared.kind === 'finished'
          ? buildRefineAlreadyFinishedView(prepared.record)
          : buildRefineNoticeView(prepared.kind === 'denied' ? NOT_A_MEMBER : MISSING);
      await ack({ response_action: 'update', view });
      return;
    }
    await ack({ response_action: 'update', view: buildRefineCheckingView(prepared.record) });
    const check = await checkIssueUnchanged(deps, prepared.record, meta.fp);
    const next =
      check.kind === 'unchanged'
        ? finishView(
            await finishRefinement(deps, { id: meta.id, userId: user, userName: body.user.name }),
            user,
          )
        : buildRefineConfirmView(
            prepared.record,
            check.kind === 'changed' ? check : { closed: false, labels: null, problem: check.problem },
          );
    await client.views.update({ view_id: view.id, view: next });
  };
}

/** "Apply anyway" after a warning: finishes without checking again. */
export function handleRefineConfirm(deps: Deps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const meta = readMetadata<RefineConfirmMetadata | null>(view, null);
    if (!meta) throw new Error('refinement confirmation without metadata');
    const user = body.user.id;
    const result = await finishRefinement(deps, { id: meta.id, userId: user, userName: body.user.name });
    await ack({ response_action: 'update', view: finishView(result, user) });
  };
}
