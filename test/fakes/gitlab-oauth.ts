// GitLab's OAuth 2 provider, played for end-to-end tests: /oauth/authorize (for a chosen
// signed-in browser user), /oauth/token (authorization code with PKCE S256, refresh grant that
// invalidates the old pair) and /oauth/revoke. Only node:crypto.
import { createHash, randomBytes } from 'node:crypto';
import type { FakeUser, GitLabStore } from './gitlab-store.js';

export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

interface Grant {
  clientId: string;
  userId: number;
  access: string;
  refresh: string;
  expiresAt: number;
  scopes: string;
}

interface Code {
  clientId: string;
  redirectUri: string;
  userId: number;
  challenge: string;
  method: string;
  scopes: string;
  used: boolean;
}

export interface OAuthReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const OAUTH_APP: FakeOAuthApp = {
  clientId: 'test-oauth-client-id',
  clientSecret: 'test-oauth-client-secret',
  redirectUri: '',
};

const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');
const one = (v: unknown) =>
  Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v);

export class FakeOAuth {
  readonly apps = new Map<string, FakeOAuthApp>();
  /** Who is signed in to GitLab in "the browser" that follows the connect link. */
  browserUser: FakeUser | null = null;
  /** Lifetime of new access tokens, in seconds (GitLab: 7200). */
  expiresIn = 7200;
  /** How many refresh grants were answered successfully. */
  refreshGrants = 0;
  /** Every token ever issued, so tests can look for them where they must not be. */
  readonly issued: string[] = [];
  private readonly codes = new Map<string, Code>();
  private readonly grants = new Set<Grant>();

  constructor(
    private readonly store: GitLabStore,
    private readonly now: () => number,
  ) {}

  registerApp(app: FakeOAuthApp): void {
    this.apps.set(app.clientId, app);
  }

  signIn(user: FakeUser | null): void {
    this.browserUser = user;
  }

  /** The user an access token belongs to; undefined when unknown, revoked or expired. */
  userFor(access: string): FakeUser | undefined {
    for (const g of this.grants) {
      if (g.access === access) return g.expiresAt > this.now() ? this.store.users.get(g.userId) : undefined;
    }
    return undefined;
  }

  /** Revokes everything a user granted (as when they remove the app in GitLab's preferences). */
  revokeAllOf(user: FakeUser): void {
    for (const g of [...this.grants]) if (g.userId === user.id) this.grants.delete(g);
  }

  /** Makes a user's current access tokens expire now (refresh tokens still work). */
  expireAccessOf(user: FakeUser): void {
    for (const g of this.grants) if (g.userId === user.id) g.expiresAt = this.now() - 1;
  }

  grantsOf(user: FakeUser): number {
    return [...this.grants].filter((g) => g.userId === user.id).length;
  }

  clear(): void {
    this.codes.clear();
    this.grants.clear();
    this.browserUser = null;
    this.expiresIn = 7200;
    this.refreshGrants = 0;
  }

  private token(): string {
    const t = `gloas-${randomBytes(16).toString('hex')}`;
    this.issued.push(t);
    return t;
  }

  private issue(clientId: string, userId: number, scopes: string): OAuthReply {
    const g: Grant = {
      clientId,
      userId,
      access: this.token(),
      refresh: this.token(),
      expiresAt: this.now() + this.expiresIn * 1000,
      scopes,
    };
    this.grants.add(g);
    return {
      status: 200,
      body: {
        access_token: g.access,
        token_type: 'Bearer',
        expires_in: this.expiresIn,
        refresh_token: g.refresh,
        scope: scopes,
        created_at: Math.floor(this.now() / 1000),
      },
    };
  }

  /** Answers /oauth/* requests; undefined for any other path. */
  handle(method: string, path: string, params: Record<string, unknown>): OAuthReply | undefined {
    const p = (k: string) => one(params[k]);
    const invalid = (error: string, status = 400): OAuthReply => ({ status, body: { error } });
    if (method === 'GET' && path === '/oauth/authorize') {
      const app = this.apps.get(p('client_id') ?? '');
      if (!app || p('redirect_uri') !== app.redirectUri) return invalid('invalid_client');
      if (p('response_type') !== 'code') return invalid('unsupported_response_type');
      if (!this.browserUser) return { status: 200, body: 'sign in to GitLab' };
      const challenge = p('code_challenge');
      if (!challenge || p('code_challenge_method') !== 'S256') return invalid('invalid_request');
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        clientId: app.clientId,
        redirectUri: app.redirectUri,
        userId: this.browserUser.id,
        challenge,
        method: 'S256',
        scopes: p('scope') ?? '',
        used: false,
      });
      const to = new URL(app.redirectUri);
      to.searchParams.set('code', code);
      const state = p('state');
      if (state !== undefined) to.searchParams.set('state', state);
      return { status: 302, body: '', headers: { location: to.toString() } };
    }
    if (method === 'POST' && path === '/oauth/token') {
      const app = this.apps.get(p('client_id') ?? '');
      if (!app || app.clientSecret !== p('client_secret')) return invalid('invalid_client', 401);
      if (p('grant_type') === 'authorization_code') {
        const c = this.codes.get(p('code') ?? '');
        if (!c || c.used || c.clientId !== app.clientId || c.redirectUri !== p('redirect_uri')) {
          return invalid('invalid_grant');
        }
        c.used = true;
        const verifier = p('code_verifier');
        if (!verifier || s256(verifier) !== c.challenge) return invalid('invalid_grant');
        return this.issue(app.clientId, c.userId, c.scopes);
      }
      if (p('grant_type') === 'refresh_token') {
        const g = [...this.grants].find(
          (x) => x.refresh === p('refresh_token') && x.clientId === app.clientId,
        );
        if (!g) return invalid('invalid_grant');
        // NOTE: as in GitLab, refreshing invalidates the old access AND refresh token.
        this.grants.delete(g);
        this.refreshGrants += 1;
        return this.issue(app.clientId, g.userId, g.scopes);
      }
      return invalid('unsupported_grant_type');
    }
    if (method === 'POST' && path === '/oauth/revoke') {
      const app = this.apps.get(p('client_id') ?? '');
      if (!app || app.clientSecret !== p('client_secret')) return invalid('invalid_client', 401);
      const t = p('token');
      for (const g of [...this.grants]) if (g.access === t || g.refresh === t) this.grants.delete(g);
      return { status: 200, body: {} };
    }
    if (path.startsWith('/oauth/')) return { status: 404, body: { error: 'not_found' } };
    return undefined;
  }
}
