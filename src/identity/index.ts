import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { type Config, ConfigError, parseEncryptionKey } from '../config.js';
import type { IssueRef } from '../domain/issue-ref.js';
import { createGitLab, type GitLab } from '../gitlab/client.js';
import { GitLabError, isGitLabError } from '../gitlab/errors.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import type { Metrics } from '../metrics.js';
import { buildLinkBroken } from '../slack/messages/identity-messages.js';
import type { Store } from '../store/index.js';
import { decryptSecret, encryptSecret } from './crypto.js';
import { type ConnectOutcome, type ConnectStart, createLinkFlow } from './link-flow.js';
import { createOAuthClient } from './oauth-client.js';
import { createTokenKeeper } from './tokens.js';

export type { ConnectOutcome, ConnectStart } from './link-flow.js';

export const CALLBACK_PATH = '/oauth/gitlab/callback';

export interface Link {
  gitlabUserId: number;
  username: string;
}

export type ReadAnswer = 'yes' | 'no' | 'unlinked' | 'unknown';

/** Linking a Slack user to their GitLab account, and acting as them. The rest of the bot calls this. */
export interface Identity {
  /** False when PUBLIC_URL or the OAuth settings are missing: `connect` says so. */
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  linkOf(slackUserId: string): Link | null;
  /** A GitLab client acting as the person (their OAuth token, refreshed as needed), or null when unlinked. */
  gitlabFor(slackUserId: string): Promise<GitLab | null>;
  /** Whether GitLab lets the person read the issue: a 404 or 403 for them is 'no', whatever the bot sees. */
  canRead(slackUserId: string, ref: IssueRef): Promise<ReadAnswer>;
  startConnect(slackUserId: string, teamId: string): ConnectStart;
  completeConnect(query: { code?: string; state?: string; error?: string }): Promise<ConnectOutcome>;
  disconnect(slackUserId: string): Promise<'revoked' | 'forgotten' | 'not-linked'>;
}

export interface IdentityDeps {
  config: Config;
  store: Store;
  slack: WebClient;
  log: Logger;
  clock: () => number;
  metrics?: Metrics;
  /** Called after a message to the person is queued, so the outbox sends it now. */
  kick?: () => void;
}

const KEY_CHECK = 'key_check';

function disabledReason(config: Config): string | null {
  const missing = [
    ['PUBLIC_URL', config.PUBLIC_URL],
    ['GITLAB_OAUTH_CLIENT_ID', config.GITLAB_OAUTH_CLIENT_ID],
    ['GITLAB_OAUTH_CLIENT_SECRET', config.GITLAB_OAUTH_CLIENT_SECRET],
    ['TOKEN_ENCRYPTION_KEY', config.TOKEN_ENCRYPTION_KEY],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  return missing.length ? `${missing.join(', ')} not set` : null;
}

/**
 * A key that is well formed but not the one the stored links were sealed with would make every
 * link fail later, one by one: refuse to start instead.
 */
function checkKey(store: Store, key: Buffer): void {
  const sealed = store.identity.getMeta(KEY_CHECK);
  if (sealed === undefined) {
    store.identity.setMeta(KEY_CHECK, encryptSecret(key, 'prodsec-bot', KEY_CHECK));
    return;
  }
  try {
    decryptSecret(key, sealed, KEY_CHECK);
  } catch {
    throw new ConfigError([
      'TOKEN_ENCRYPTION_KEY is not the key the GitLab links in DATABASE_PATH were encrypted with (restore the old key, or remove the identity_links and identity_meta rows to make everyone connect again)',
    ]);
  }
}

const unlinked: Omit<Identity, 'enabled' | 'disabledReason'> = {
  linkOf: () => null,
  gitlabFor: async () => null,
  canRead: async () => 'unlinked',
  startConnect: () => ({ ok: false, reason: 'linking is off' }),
  completeConnect: async () => ({ kind: 'bad-state' }),
  disconnect: async () => 'not-linked',
};

export function createIdentity(deps: IdentityDeps): Identity {
  const { config, store, log, clock } = deps;
  const reason = disabledReason(config);
  const key = parseEncryptionKey(config.TOKEN_ENCRYPTION_KEY);
  if (reason !== null || !key) {
    return { enabled: false, disabledReason: reason ?? 'TOKEN_ENCRYPTION_KEY not usable', ...unlinked };
  }
  checkKey(store, key);
  const ilog = log.child({ component: 'identity' });
  const oauth = createOAuthClient({
    gitlabUrl: config.GITLAB_URL as string,
    clientId: config.GITLAB_OAUTH_CLIENT_ID as string,
    clientSecret: config.GITLAB_OAUTH_CLIENT_SECRET as string,
    redirectUri: `${(config.PUBLIC_URL as string).replace(/\/$/, '')}${CALLBACK_PATH}`,
    timeoutMs: config.GITLAB_TIMEOUT_MS,
  });
  const tokens = createTokenKeeper({
    repo: store.identity,
    oauth,
    key,
    clock,
    log: ilog,
    marginMs: config.IDENTITY_REFRESH_MARGIN_SECONDS * 1000,
    onBroken: (link) => {
      store.audit.record({
        at: clock(),
        actor: link.slackUserId,
        action: 'identity.broken',
        issueRef: null,
        reason: 'GitLab refused the link',
        outcome: 'unlinked',
        details: { gitlabUsername: link.username },
      });
      enqueue(
        { store, clock, outbox: { kick: async () => deps.kick?.() } },
        'slack_post',
        { channel: link.slackUserId, text: buildLinkBroken() },
        `identity-broken:${link.slackUserId}:${link.linkedAt}`,
      );
    },
  });
  const flow = createLinkFlow({
    config,
    store,
    slack: deps.slack,
    log: ilog,
    clock,
    oauth,
    tokens,
    key,
    kick: () => deps.kick?.(),
  });

  const clients = new Map<string, GitLab>();
  function clientFor(userId: string): GitLab {
    let c = clients.get(userId);
    if (c) return c;
    let lastToken: string | undefined;
    c = createGitLab({
      url: config.GITLAB_URL as string,
      oauth: true,
      token: async () => {
        const t = await tokens.accessToken(userId);
        // Unlinked since: fails like GitLab would, without sending anything.
        if (t === null) throw new GitLabError('http', 'GET', '/user', 401, 'the GitLab link no longer works');
        lastToken = t;
        return t;
      },
      onUnauthorized: () => tokens.afterUnauthorized(userId, lastToken),
      timeoutMs: config.GITLAB_TIMEOUT_MS,
      retry: {
        baseMs: Math.min(250, config.SYNC_RETRY_MS),
        maxMs: Math.min(5_000, config.SYNC_RETRY_MAX_MS),
      },
      observe: (o) =>
        deps.metrics?.gitlabCalls.inc({
          method: o.method,
          outcome: o.status === undefined ? o.kind : String(o.status),
        }),
    });
    clients.set(userId, c);
    return c;
  }

  function linkOf(userId: string): Link | null {
    const l = store.identity.getLink(userId);
    return l ? { gitlabUserId: l.gitlabUserId, username: l.username } : null;
  }

  return {
    enabled: true,
    disabledReason: null,
    linkOf,
    async gitlabFor(userId) {
      return linkOf(userId) ? clientFor(userId) : null;
    },
    async canRead(userId, ref) {
      if (!linkOf(userId)) return 'unlinked';
      try {
        await clientFor(userId).getIssue(ref.project, ref.iid);
        return 'yes';
      } catch (err) {
        if (isGitLabError(err) && (err.isNotFound || err.isForbidden)) return 'no';
        if (!linkOf(userId)) return 'unlinked';
        ilog.warn(
          { user: userId, error: (err as Error).message },
          'could not check read access as the person',
        );
        return 'unknown';
      }
    },
    startConnect: (userId, teamId) => flow.start(userId, teamId),
    completeConnect: (query) => flow.complete(query),
    async disconnect(userId) {
      const pair = tokens.pairOf(userId);
      if (!pair) return 'not-linked';
      let revoked = true;
      try {
        // NOTE: revoking either token of a pair revokes the grant at GitLab; both are tried.
        await oauth.revoke(pair.access);
        await oauth.revoke(pair.refresh).catch(() => undefined);
      } catch (err) {
        revoked = false;
        ilog.warn({ user: userId, error: (err as Error).message }, 'could not revoke the token at GitLab');
      }
      store.identity.removeLink(userId);
      clients.delete(userId);
      store.audit.record({
        at: clock(),
        actor: userId,
        action: 'identity.disconnect',
        issueRef: null,
        reason: null,
        outcome: revoked ? 'revoked' : 'forgotten',
        details: { gitlabUsername: pair.link.username },
      });
      return revoked ? 'revoked' : 'forgotten';
    },
  };
}
