import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { formatIssueRef, type IssueRef } from '../../domain/issue-ref.js';
import { buildRefineModal } from '../../slack/views/refine-modal.js';
import { buildRefineLoadingView, buildRefineNoticeView } from '../../slack/views/refine-notices.js';
import { describeOpenProblem, NOT_A_MEMBER } from '../../slack/views/refine-problems.js';
import { openRefinement } from '../../use-cases/refine.js';

/** Opens the checklist of `ref` for `userId` (from `/prodsec refine` or a Refine button). */
export async function openRefineModal(
  deps: Deps,
  client: WebClient,
  triggerId: string,
  userId: string,
  ref: IssueRef,
): Promise<void> {
  // NOTE: the trigger_id expires 3 s after Slack issued it: open a loading view first, then fill it in.
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: buildRefineLoadingView(formatIssueRef(ref)),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  const result = await openRefinement(deps, ref, userId);
  const view =
    result.kind === 'ready'
      ? buildRefineModal({
          record: result.record,
          taxonomy: deps.taxonomy,
          now: deps.clock(),
          fingerprint: result.fingerprint,
          notice: result.resumed ? ':leftwards_arrow_with_hook: Resuming the saved checklist.' : undefined,
        })
      : buildRefineNoticeView(
          result.kind === 'denied'
            ? NOT_A_MEMBER
            : describeOpenProblem(formatIssueRef(ref), result.problem, result.detail),
        );
  await client.views.update({ view_id: viewId, view });
}
