import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from '../fakes/gitlab-api.js';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';

const REDIRECT = 'https://bot.example.test/oauth/gitlab/callback';
const verifier = 'v'.repeat(50);
const challenge = createHash('sha256').update(verifier).digest('base64url');

describe('the fake GitLab OAuth provider', () => {
  let g: FakeGitLab;
  beforeEach(async () => {
    g = await startFakeGitLab();
    g.oauth.registerApp({ ...OAUTH_APP, redirectUri: REDIRECT });
  });
  afterEach(async () => {
    await g.close();
  });

  async function codeFor(username: string): Promise<string> {
    g.oauth.signIn(g.addUser({ username, email: `${username}@example.com` }));
    const q = new URLSearchParams({
      client_id: OAUTH_APP.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${g.url}/oauth/authorize?${q}`, { redirect: 'manual' });
    const to = new URL(res.headers.get('location')!);
    expect(to.searchParams.get('state')).toBe('s1');
    return to.searchParams.get('code')!;
  }

  const token = (fields: Record<string, string>) =>
    fetch(`${g.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: OAUTH_APP.clientId,
        client_secret: OAUTH_APP.clientSecret,
        redirect_uri: REDIRECT,
        ...fields,
      }),
    });

  it('refuses a code with the wrong verifier, and a code used twice', async () => {
    const code = await codeFor('alice');
    expect(
      (await token({ grant_type: 'authorization_code', code, code_verifier: 'w'.repeat(50) })).status,
    ).toBe(400);
    const code2 = await codeFor('alice');
    expect(
      (await token({ grant_type: 'authorization_code', code: code2, code_verifier: verifier })).status,
    ).toBe(200);
    expect(
      (await token({ grant_type: 'authorization_code', code: code2, code_verifier: verifier })).status,
    ).toBe(400);
  });

  it('a refresh invalidates the old access and refresh tokens; /user answers with the person and their email', async () => {
    const code = await codeFor('alice');
    const first = (await (
      await token({ grant_type: 'authorization_code', code, code_verifier: verifier })
    ).json()) as { access_token: string; refresh_token: string };
    const me = await fetch(`${g.url}/api/v4/user`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(await me.json()).toMatchObject({ username: 'alice', email: 'alice@example.com' });
    const second = (await (
      await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    ).json()) as { access_token: string; refresh_token: string };
    expect(second.access_token).not.toBe(first.access_token);
    const old = await fetch(`${g.url}/api/v4/user`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(old.status).toBe(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(
      400,
    );
    // The bot's own token still answers as the bot.
    const bot = await fetch(`${g.url}/api/v4/user`, { headers: { 'private-token': g.token } });
    expect(((await bot.json()) as { username: string }).username).toBe('prodsec-bot');
  });
});
