import {
  buildConnectLink,
  buildDisconnected,
  buildLinkingOff,
  buildWhoami,
} from '../../slack/messages/identity-messages.js';
import type { Subcommand } from './subcommand-context.js';

const ephemeral = { response_type: 'ephemeral' as const };

/** `/prodsec connect`: a private, single-use link to GitLab's consent page. */
const connect: Subcommand = {
  usage: 'connect',
  summary: 'link your GitLab account, so the bot acts as you with what GitLab lets you see',
  async run({ ack, command, deps }) {
    const { identity } = deps;
    if (!identity.enabled) return ack({ ...ephemeral, text: buildLinkingOff(identity.disabledReason ?? '') });
    const started = identity.startConnect(command.user_id, command.team_id);
    if (!started.ok) return ack({ ...ephemeral, text: buildLinkingOff(started.reason) });
    return ack({ ...ephemeral, ...buildConnectLink(started.url, started.minutes) });
  },
};

/** `/prodsec disconnect`: revokes the token at GitLab and forgets the link. */
const disconnect: Subcommand = {
  usage: 'disconnect',
  summary: 'unlink your GitLab account (revoked at GitLab)',
  async run({ ack, respond, command, deps }) {
    // NOTE: revoking is a GitLab call: acknowledge first, answer after.
    await ack();
    try {
      const outcome = await deps.identity.disconnect(command.user_id);
      await respond({ ...ephemeral, text: buildDisconnected(outcome) });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: (err as Error).message }, 'disconnect failed');
      await respond({ ...ephemeral, text: ':warning: Disconnecting failed; please try again.' });
    }
  },
};

/** `/prodsec whoami`: the GitLab account the person is linked to, if any. */
const whoami: Subcommand = {
  usage: 'whoami',
  summary: 'which GitLab account you are connected as',
  async run({ ack, command, deps }) {
    const link = deps.identity.linkOf(command.user_id);
    return ack({ ...ephemeral, text: buildWhoami(link?.username ?? null, deps.identity.enabled) });
  },
};

export const identitySubcommands: Record<string, Subcommand> = { connect, disconnect, whoami };
