import type { KnownBlock } from '@slack/types';
import { plain, section } from '../blocks.js';
import { COMMAND, ids } from '../ids.js';

const at = (username: string) => `@${username.replace(/[^A-Za-z0-9_.-]/g, '')}`;

export const RECONNECT_HINT = `Run \`${COMMAND} connect\` to link it again.`;

/** The private answer to `connect`: a button to GitLab's consent page. */
export function buildConnectLink(url: string, minutes: number): { text: string; blocks: KnownBlock[] } {
  const text = `Connect your GitLab account: open the link, sign in to GitLab and allow prodsec-bot. The link works once, within ${minutes} minutes.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.identity.connectOpen,
            text: plain('Connect GitLab'),
            url,
            style: 'primary',
          },
        ],
      },
    ],
  };
}

export function buildLinkingOff(reason: string): string {
  return `:no_entry: GitLab account linking is not set up on this bot (${reason}). Ask the bot's operator to configure it (see the README, "Connecting your GitLab account").`;
}

export function buildConnected(username: string): string {
  return `:white_check_mark: Connected as ${at(username)} on GitLab. What you do through prodsec-bot can now be done as you, with what GitLab lets you see.`;
}

export function buildEmailMismatch(): string {
  return ':no_entry: A GitLab account was not linked to you: its email is not the email of your Slack account. If you did not start this, someone may have sent you their connect link; nothing was changed. To link your own account, run `/prodsec connect` yourself and sign in to GitLab as you.';
}

export function buildWhoami(username: string | null, enabled: boolean): string {
  if (username)
    return `You are connected to GitLab as ${at(username)}. \`${COMMAND} disconnect\` unlinks you.`;
  return enabled
    ? `You are not connected to a GitLab account. \`${COMMAND} connect\` links yours.`
    : 'You are not connected to a GitLab account (linking is not set up on this bot).';
}

export function buildDisconnected(outcome: 'revoked' | 'forgotten' | 'not-linked'): string {
  switch (outcome) {
    case 'revoked':
      return ":wave: Disconnected: GitLab revoked the bot's access to your account and the bot forgot it.";
    case 'forgotten':
      return ':wave: Disconnected: the bot forgot your GitLab account. GitLab could not be reached to revoke the access; remove "prodsec-bot" under GitLab → Preferences → Applications to be sure.';
    case 'not-linked':
      return 'You are not connected to a GitLab account; nothing to disconnect.';
  }
}

/** Told once, privately, when a link stops working (refresh refused, access revoked in GitLab). */
export function buildLinkBroken(): string {
  return `:warning: Your GitLab account link stopped working (GitLab refused the bot's access), so prodsec-bot acts for you with its own account from now on. ${RECONNECT_HINT}`;
}
