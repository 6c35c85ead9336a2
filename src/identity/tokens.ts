import type { Logger } from 'pino';
import { GitLabError } from '../gitlab/errors.js';
import type { IdentityRepo, LinkRecord } from '../store/identity-repo.js';
import { decryptSecret, encryptSecret } from './crypto.js';
import { type OAuthClient, OAuthError, type TokenPair } from './oauth-client.js';

export interface TokenKeeperOptions {
  repo: IdentityRepo;
  oauth: OAuthClient;
  key: Buffer;
  clock: () => number;
  log: Logger;
  /** Refresh when the access token expires within this many ms. */
  marginMs: number;
  /** Called once per dead link (refresh refused, access revoked), after the link is forgotten. */
  onBroken: (link: LinkRecord) => void;
}

const accessContext = (userId: string) => `access:${userId}`;
const refreshContext = (userId: string) => `refresh:${userId}`;

/**
 * Keeps each person's access token fresh. A refresh invalidates the old pair at GitLab, so two
 * refreshes for one person at once would log them out: refreshes are single-flight per person,
 * and the new pair is stored in one statement.
 */
export function createTokenKeeper(opts: TokenKeeperOptions) {
  const inFlight = new Map<string, Promise<string | null>>();

  function seal(userId: string, pair: TokenPair, now: number) {
    return {
      accessTokenEnc: encryptSecret(opts.key, pair.accessToken, accessContext(userId)),
      refreshTokenEnc: encryptSecret(opts.key, pair.refreshToken, refreshContext(userId)),
      expiresAt: now + pair.expiresIn * 1000,
    };
  }

  const accessOf = (l: LinkRecord) => decryptSecret(opts.key, l.accessTokenEnc, accessContext(l.slackUserId));

  function broken(link: LinkRecord, why: string): null {
    // Only the caller that removes the link tells the person, so they are told once.
    if (opts.repo.removeLink(link.slackUserId, link.linkedAt)) {
      opts.log.info({ user: link.slackUserId, why }, 'GitLab link stopped working; forgotten');
      opts.onBroken(link);
    }
    return null;
  }

  async function doRefresh(userId: string): Promise<string | null> {
    const link = opts.repo.getLink(userId);
    if (!link) return null;
    let pair: TokenPair;
    try {
      pair = await opts.oauth.refresh(decryptSecret(opts.key, link.refreshTokenEnc, refreshContext(userId)));
    } catch (err) {
      if (err instanceof OAuthError && err.refused) return broken(link, err.code);
      opts.log.warn({ user: userId, error: (err as Error).message }, 'GitLab token refresh failed');
      throw new GitLabError('network', 'POST', '/oauth/token', undefined, 'could not refresh the token');
    }
    const now = opts.clock();
    if (!opts.repo.updateTokens(userId, link.linkedAt, seal(userId, pair, now), now)) {
      // Disconnected or re-linked while refreshing: the new pair belongs to nobody.
      await opts.oauth.revoke(pair.accessToken).catch(() => undefined);
      return null;
    }
    return pair.accessToken;
  }

  /** The one refresh for this person, joined by every caller that needs it meanwhile. */
  function refresh(userId: string): Promise<string | null> {
    let p = inFlight.get(userId);
    if (!p) {
      p = doRefresh(userId).finally(() => inFlight.delete(userId));
      inFlight.set(userId, p);
    }
    return p;
  }

  return {
    seal,
    /** A usable access token for the person, refreshed first when near or past expiry; null when unlinked. */
    async accessToken(userId: string): Promise<string | null> {
      const pending = inFlight.get(userId);
      if (pending) return pending;
      const link = opts.repo.getLink(userId);
      if (!link) return null;
      if (link.expiresAt - opts.clock() > opts.marginMs) return accessOf(link);
      try {
        return await refresh(userId);
      } catch (err) {
        // GitLab unreachable for the refresh: a token that has not expired yet still works.
        if (link.expiresAt > opts.clock()) return accessOf(link);
        throw err;
      }
    },
    /**
     * After a 401 with `used`: refresh, unless another caller already replaced that token.
     * Returns whether a retry may succeed.
     */
    async afterUnauthorized(userId: string, used: string | undefined): Promise<boolean> {
      const pending = inFlight.get(userId);
      if (pending) return (await pending) !== null;
      const link = opts.repo.getLink(userId);
      if (!link) return false;
      if (used !== undefined && accessOf(link) !== used) return true;
      return (await refresh(userId)) !== null;
    },
    /** The stored pair in clear, for revoking at disconnect. */
    pairOf(userId: string): { link: LinkRecord; access: string; refresh: string } | null {
      const link = opts.repo.getLink(userId);
      if (!link) return null;
      return {
        link,
        access: accessOf(link),
        refresh: decryptSecret(opts.key, link.refreshTokenEnc, refreshContext(userId)),
      };
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
