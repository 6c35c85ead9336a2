import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { REASON_MAX } from '../../domain/decision.js';
import { context, plain, section } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.declineBlocks;

export const declineModalMetadataSchema = z.object({ issueRef: z.string().min(1) });
export type DeclineModalMetadata = z.infer<typeof declineModalMetadataSchema>;

/** "Decline": the reason is required; community contributions are an option for public issues. */
export function buildDeclineModal(issueRef: string): ModalView {
  const community = {
    text: plain('Seek community contributions (public issues only)'),
    value: candidateIds.communityOption,
  };
  const meta: DeclineModalMetadata = { issueRef };
  return {
    type: 'modal',
    callback_id: candidateIds.declineCallbackId,
    title: plain('Decline candidate', LIMITS.modalTitle),
    submit: plain('Decline', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      section(
        `Decline *${escapeMrkdwn(issueRef)}*: it leaves the team's backlog (the team and candidate labels are removed) ` +
          "and your reason is posted on the issue, with the owning group's PM/EM mentioned when known.",
      ),
      {
        type: 'input',
        block_id: blockIds.reason,
        label: plain('Why will the team not commit to this work?'),
        element: {
          type: 'plain_text_input',
          action_id: candidateIds.action,
          multiline: true,
          max_length: REASON_MAX,
        },
      },
      {
        type: 'input',
        block_id: blockIds.community,
        optional: true,
        label: plain('Community'),
        element: { type: 'checkboxes', action_id: candidateIds.action, options: [community] },
      },
      context('The requester or flagger is told the decision and your reason.'),
    ],
  };
}

/** Shown in place of the form: a short answer that closes the form. */
export function buildNoticeModal(title: string, mrkdwn: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [section(mrkdwn)],
  };
}
