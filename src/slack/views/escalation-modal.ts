import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { EXPLANATION_MAX } from '../../domain/escalation.js';
import { plain, section, textInput } from '../blocks.js';
import { safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

const blockIds = ids.escalation.blocks;
const actionIdRef = ids.escalation.action;

export const escalationModalMetadataSchema = z.object({
  /** Set when opened from a request's Escalate button. */
  requestRef: z.string().nullable().default(null),
});
export type EscalationModalMetadata = z.infer<typeof escalationModalMetadataSchema>;

export const resolveModalMetadataSchema = z.object({ escalationId: z.number().int().positive() });
export type ResolveModalMetadata = z.infer<typeof resolveModalMetadataSchema>;

/** "Urgent escalation": a link and a line or two of why, posted to the escalation channel. */
export function buildEscalationModal(opts: {
  link?: string;
  requestRef?: string | null;
  channelLabel: string;
}): ModalView {
  const meta: EscalationModalMetadata = { requestRef: opts.requestRef ?? null };
  return {
    type: 'modal',
    callback_id: ids.escalation.callbackId,
    title: plain('Urgent escalation', LIMITS.modalTitle),
    submit: plain('Escalate', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      section(
        `This posts to ${opts.channelLabel} and tags the security support group. Someone must acknowledge it; ` +
          'until then it is repeated to a wider audience.' +
          (opts.requestRef ? `\nEscalating request *${safeText(opts.requestRef, 40)}*.` : ''),
      ),
      textInput(blockIds.link, 'Link', {
        actionId: actionIdRef,
        max: 1000,
        initial: opts.link,
        hint: 'The issue, incident or thread that needs attention (https://…).',
      }),
      textInput(blockIds.explanation, 'Why is it urgent?', {
        actionId: actionIdRef,
        multiline: true,
        max: EXPLANATION_MAX,
        hint: 'A line or two: what is at stake, and by when.',
      }),
    ],
  };
}

export function buildResolveModal(escalationId: number, ref: string): ModalView {
  const meta: ResolveModalMetadata = { escalationId };
  return {
    type: 'modal',
    callback_id: ids.escalation.resolveCallbackId,
    title: plain(`Resolve ${ref}`, LIMITS.modalTitle),
    submit: plain('Resolve', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta),
    blocks: [
      section(`Closes urgent escalation *${safeText(ref, 40)}* and stops its reminders.`),
      textInput(blockIds.note, 'Note (optional)', {
        actionId: actionIdRef,
        multiline: true,
        optional: true,
        max: 1000,
      }),
    ],
  };
}

export function buildEscalatedModal(ref: string): ModalView {
  return {
    type: 'modal',
    title: plain('Escalated', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:white_check_mark: Saved as *${safeText(ref, 40)}*. The bot is posting it now and will message you the link.`,
      ),
    ],
  };
}
