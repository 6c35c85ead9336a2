/** What GitLab's token endpoint hands back. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives (GitLab: 7200). */
  expiresIn: number;
}

export interface GitLabPerson {
  id: number;
  username: string;
  email: string | null;
}

/**
 * A failed OAuth call. `refused` means GitLab will not honour the grant again (invalid_grant,
 * a revoked or already-used token): the link is dead. The message carries no token.
 */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly status: number | undefined,
    readonly code: string,
    readonly refused: boolean,
  ) {
    super(`GitLab OAuth ${code}${status === undefined ? '' : ` (${status})`}`);
  }
}

export interface OAuthClientOptions {
  gitlabUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs: number;
  /** The scopes the bot asks for: `api` to act as the person, `read_user` for their email. */
  scopes?: string[];
}

/** GitLab's OAuth 2 endpoints: authorize URL, code exchange with PKCE, refresh, revoke, and /user. */
export function createOAuthClient(opts: OAuthClientOptions) {
  const base = opts.gitlabUrl.replace(/\/$/, '');
  const scopes = opts.scopes ?? ['api', 'read_user'];

  async function call(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (err) {
      const e = err as Error;
      throw new OAuthError(undefined, e.name === 'TimeoutError' ? 'timeout' : 'network', false);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }

  async function tokenGrant(fields: Record<string, string>): Promise<TokenPair> {
    const { status, body } = await call('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        ...fields,
      }).toString(),
    });
    const b = (body ?? {}) as Record<string, unknown>;
    if (status !== 200 || typeof b.access_token !== 'string' || typeof b.refresh_token !== 'string') {
      const code = typeof b.error === 'string' ? b.error.slice(0, 40) : 'token_error';
      // 400/401 from the token endpoint: the grant is gone for good (GitLab says invalid_grant).
      throw new OAuthError(status, code, status === 400 || status === 401);
    }
    const expiresIn = Number(b.expires_in);
    return {
      accessToken: b.access_token,
      refreshToken: b.refresh_token,
      expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200,
    };
  }

  return {
    authorizeUrl(state: string, codeChallenge: string): string {
      const q = new URLSearchParams({
        client_id: opts.clientId,
        redirect_uri: opts.redirectUri,
        response_type: 'code',
        state,
        scope: scopes.join(' '),
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return `${base}/oauth/authorize?${q.toString()}`;
    },
    exchangeCode(code: string, codeVerifier: string): Promise<TokenPair> {
      return tokenGrant({
        grant_type: 'authorization_code',
        code,
        redirect_uri: opts.redirectUri,
        code_verifier: codeVerifier,
      });
    },
    refresh(refreshToken: string): Promise<TokenPair> {
      return tokenGrant({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        redirect_uri: opts.redirectUri,
      });
    },
    async revoke(token: string): Promise<void> {
      const { status } = await call('/oauth/revoke', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          token,
        }).toString(),
      });
      if (status !== 200) throw new OAuthError(status, 'revoke_failed', false);
    },
    async currentUser(accessToken: string): Promise<GitLabPerson> {
      const { status, body } = await call('/api/v4/user', {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      });
      const b = (body ?? {}) as Record<string, unknown>;
      if (status !== 200 || typeof b.id !== 'number' || typeof b.username !== 'string') {
        throw new OAuthError(status, 'user_lookup_failed', status === 401);
      }
      return { id: b.id, username: b.username, email: typeof b.email === 'string' ? b.email : null };
    },
  };
}

export type OAuthClient = ReturnType<typeof createOAuthClient>;
