import type { Deps } from '../../deps.js';
import { REASON_MAX } from '../../domain/decision.js';
import { formatIssueRef, parseIssueRef } from '../../domain/issue-ref.js';
import { ids } from '../../slack/ids.js';
import { buildDecisionPendingText, buildDecisionQueuedText } from '../../slack/messages/decision-messages.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { buildNoticeModal, declineModalMetadataSchema } from '../../slack/views/decline-modal.js';
import { decideAsMember } from '../../use-cases/decide.js';
import { onSubmission } from '../shared/submission.js';
import { readChecked, readMetadata, readText } from '../shared/view-values.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.declineBlocks;

/** The Decline form: the reason is required; the member is checked again from the submitting user. */
export function handleDeclineSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const reason = readText(view, blockIds.reason, candidateIds.action).trim();
    if (!reason || reason.length > REASON_MAX) {
      const message = reason
        ? `Please keep the reason under ${REASON_MAX} characters.`
        : 'Please say why the team will not take this on; the requester will read it.';
      return reply.error(blockIds.reason, message);
    }
    const meta = readMetadata(view, declineModalMetadataSchema);
    const ref = meta
      ? parseIssueRef(meta.issueRef, deps.config.GITLAB_PRODUCT_PROJECT, deps.config.GITLAB_URL)
      : undefined;
    if (!ref) {
      return reply.error(blockIds.reason, LOST_TRACK.decline);
    }
    const issueRef = formatIssueRef(ref);
    const result = await decideAsMember(deps, {
      kind: 'decline',
      ref,
      userId: body.user.id,
      sourceKey: `view:${view.id}`,
      reason,
      metric: null,
      seekCommunity: readChecked(view, blockIds.community, candidateIds.action).includes(
        candidateIds.communityOption,
      ),
      details: { via: 'form' },
    });
    const notice =
      result.kind === 'denied'
        ? buildNoticeModal('Not allowed', buildRefusal(result).text)
        : result.kind === 'pending'
          ? buildNoticeModal('Already deciding', buildDecisionPendingText(result.pending, issueRef))
          : buildNoticeModal('Declining', buildDecisionQueuedText('decline', issueRef));
    await reply.update(notice);
  });
}
