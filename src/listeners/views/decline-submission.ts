import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { REASON_MAX } from '../../domain/decision.js';
import { formatIssueRef, parseIssueRef } from '../../domain/issue-ref.js';
import { ids } from '../../slack/ids.js';
import {
  buildDecisionPendingText,
  buildDecisionQueuedText,
  buildTeamOnlyText,
} from '../../slack/messages/decision-messages.js';
import { buildNoticeModal, type DeclineModalMetadata } from '../../slack/views/decline-modal.js';
import { allowTeamOnly, decide } from '../../use-cases/decide.js';
import { readChecked, readMetadata, readText } from './view-values.js';

const C = ids.candidates;
const B = C.declineBlocks;

/** The Decline form: the reason is required; the member is checked again from the submitting user. */
export function handleDeclineSubmission(deps: Deps) {
  return async ({
    ack,
    view,
    body,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const reason = readText(view, B.reason, C.action).trim();
    if (!reason || reason.length > REASON_MAX) {
      const message = reason
        ? `Please keep the reason under ${REASON_MAX} characters.`
        : 'Please say why the team will not take this on; the requester will read it.';
      await ack({ response_action: 'errors', errors: { [B.reason]: message } });
      return;
    }
    const meta = readMetadata<Partial<DeclineModalMetadata>>(view, {});
    const ref = parseIssueRef(
      String(meta.issueRef ?? ''),
      deps.config.GITLAB_PRODUCT_PROJECT,
      deps.config.GITLAB_URL,
    );
    if (!ref) {
      await ack({
        response_action: 'errors',
        errors: { [B.reason]: 'This form lost track of the issue; press Decline again.' },
      });
      return;
    }
    const issueRef = formatIssueRef(ref);
    const userId = body.user.id;
    if (
      !(await allowTeamOnly(deps, { userId, action: 'triage.decline', issueRef, details: { via: 'form' } }))
    ) {
      await ack({
        response_action: 'update',
        view: buildNoticeModal('Not allowed', buildTeamOnlyText('decline candidates')),
      });
      return;
    }
    const result = decide(deps, {
      kind: 'decline',
      ref,
      actorId: userId,
      sourceKey: `view:${view.id}`,
      reason,
      metric: null,
      seekCommunity: readChecked(view, B.community, C.action).includes(C.communityOption),
    });
    const text = result.ok
      ? buildDecisionQueuedText('decline', issueRef)
      : buildDecisionPendingText(result.pending, issueRef);
    await ack({
      response_action: 'update',
      view: buildNoticeModal(result.ok ? 'Declining' : 'Already deciding', text),
    });
  };
}
