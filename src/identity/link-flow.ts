import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AuditOutcome } from '../domain/audit.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { buildConnected, buildEmailMismatch } from '../slack/messages/identity-messages.js';
import type { Store } from '../store/index.js';
import { decryptSecret, encryptSecret, hashState, pkceChallenge, randomToken } from './crypto.js';
import type { GitLabPerson, OAuthClient, TokenPair } from './oauth-client.js';
import type { TokenKeeper } from './tokens.js';

/** A connect link is good for this long, once. */
export const STATE_TTL_MS = 10 * 60_000;

export type ConnectStart = { ok: true; url: string; minutes: number } | { ok: false; reason: string };

/** What the callback page says; `status` is the HTTP status of the page. */
export type ConnectOutcome =
  | { kind: 'linked'; username: string }
  | { kind: 'bad-state' }
  | { kind: 'denied' }
  | { kind: 'email-mismatch' }
  | { kind: 'failed' };

interface FlowDeps {
  config: Config;
  store: Store;
  slack: WebClient;
  log: Logger;
  clock: () => number;
  oauth: OAuthClient;
  tokens: TokenKeeper;
  key: Buffer;
  kick: () => void;
}

const verifierContext = (stateHash: string) => `verifier:${stateHash}`;

const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * `/prodsec connect` → GitLab's consent page → the callback. The state is random, single use,
 * bound to the Slack user and workspace, and short-lived; the PKCE verifier stays in the bot.
 */
const outboxOf = (d: FlowDeps) => ({
  store: d.store,
  clock: d.clock,
  outbox: { kick: async () => d.kick() },
});

export function createLinkFlow(d: FlowDeps) {
  function audit(
    actor: string,
    outcome: AuditOutcome,
    reason: string | null,
    details: Record<string, unknown>,
  ) {
    d.store.audit.record({
      at: d.clock(),
      actor,
      action: 'identity.link',
      issueRef: null,
      reason,
      outcome,
      details,
    });
  }

  async function slackEmail(userId: string): Promise<string | null> {
    try {
      const r = await d.slack.users.info({ user: userId });
      return r.user?.profile?.email ?? null;
    } catch (err) {
      d.log.warn({ user: userId, error: (err as Error).message }, 'users.info failed');
      return null;
    }
  }

  async function verified(userId: string, person: GitLabPerson): Promise<boolean> {
    if (!d.config.IDENTITY_REQUIRE_EMAIL_MATCH) return true;
    return sameEmail(person.email, await slackEmail(userId));
  }

  function link(userId: string, teamId: string, person: GitLabPerson, pair: TokenPair): void {
    const now = d.clock();
    d.store.identity.saveLink({
      slackUserId: userId,
      teamId,
      gitlabUserId: person.id,
      username: person.username,
      ...d.tokens.seal(userId, pair, now),
      linkedAt: now,
      updatedAt: now,
    });
  }

  return {
    start(userId: string, teamId: string): ConnectStart {
      const state = randomToken();
      const verifier = randomToken(48);
      const stateHash = hashState(state);
      const now = d.clock();
      d.store.identity.saveState(stateHash, {
        slackUserId: userId,
        teamId,
        verifierEnc: encryptSecret(d.key, verifier, verifierContext(stateHash)),
        createdAt: now,
        expiresAt: now + STATE_TTL_MS,
      });
      return {
        ok: true,
        url: d.oauth.authorizeUrl(state, pkceChallenge(verifier)),
        minutes: STATE_TTL_MS / 60_000,
      };
    },

    async complete(q: { code?: string; state?: string; error?: string }): Promise<ConnectOutcome> {
      if (!q.state || q.state.length > 200) return { kind: 'bad-state' };
      const stateHash = hashState(q.state);
      const s = d.store.identity.takeState(stateHash, d.clock());
      if (!s || s.expiresAt <= d.clock()) return { kind: 'bad-state' };
      if (q.error || !q.code) {
        audit(s.slackUserId, 'cancelled', 'consent not given at GitLab', {});
        return { kind: 'denied' };
      }
      let pair: TokenPair;
      let person: GitLabPerson;
      try {
        pair = await d.oauth.exchangeCode(
          q.code,
          decryptSecret(d.key, s.verifierEnc, verifierContext(stateHash)),
        );
        person = await d.oauth.currentUser(pair.accessToken);
      } catch (err) {
        d.log.warn({ user: s.slackUserId, error: (err as Error).message }, 'GitLab account linking failed');
        return { kind: 'failed' };
      }
      if (!(await verified(s.slackUserId, person))) {
        // The account-linking CSRF case: someone else's connect link opened in this browser.
        await d.oauth.revoke(pair.accessToken).catch(() => undefined);
        audit(s.slackUserId, 'refused', 'email mismatch', {
          gitlabUsername: person.username,
          teamId: s.teamId,
        });
        enqueue(outboxOf(d), 'slack_post', { channel: s.slackUserId, text: buildEmailMismatch() });
        return { kind: 'email-mismatch' };
      }
      const previous = d.tokens.pairOf(s.slackUserId);
      link(s.slackUserId, s.teamId, person, pair);
      // Connecting again replaces the link: the old grant must not stay alive at GitLab.
      if (previous) await d.oauth.revoke(previous.access).catch(() => undefined);
      audit(s.slackUserId, 'linked', null, { gitlabUsername: person.username, teamId: s.teamId });
      enqueue(outboxOf(d), 'slack_post', { channel: s.slackUserId, text: buildConnected(person.username) });
      return { kind: 'linked', username: person.username };
    },
  };
}
