import type { ModalView } from '@slack/types';
import { plain } from '../blocks.js';
import { buildConnectLink, buildLinkingOff } from '../messages/identity-messages.js';

/** The App Home's "Connect GitLab": the same single-use link as `/prodsec connect`, in a modal. */
export function buildConnectModal(
  start: { ok: true; url: string; minutes: number } | { ok: false; reason: string },
): ModalView {
  const blocks = start.ok
    ? buildConnectLink(start.url, start.minutes).blocks
    : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: buildLinkingOff(start.reason) } }];
  return { type: 'modal', title: plain('Connect GitLab', 24), close: plain('Close', 24), blocks };
}
