import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { formatIssueRef, type IssueRef } from '../../domain/issue-ref.js';
import { buildRefineLoadingView } from '../../slack/views/refine-notices.js';
import { buildRefineResultView } from '../../slack/views/refine-result.js';
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
  const opened = await deps.slackFast.openView({
    trigger_id: triggerId,
    view: buildRefineLoadingView(formatIssueRef(ref)),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  const outcome = await openRefinement(deps, ref, userId);
  await client.views.update({
    view_id: viewId,
    view: buildRefineResultView(outcome, { taxonomy: deps.taxonomy, now: deps.clock() }),
  });
}
