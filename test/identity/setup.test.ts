import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CALLBACK_PATH } from '../../src/identity/index.js';
import { createLogger } from '../../src/logger.js';
import { loadTaxonomy } from '../../src/policy.js';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';
import type { Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import { type SocketHarness, startSocketHarness } from '../helpers/socket-harness.js';
import {
  connect,
  connectUrlOf,
  ENCRYPTION_KEY,
  identityEnv,
  PUBLIC_URL,
  person,
  startIdentityHarness,
} from './connect.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 's',
  GITLAB_TOKEN: 'glpat-1',
  GITLAB_INTERNAL_PROJECT: 'sec/internal',
  GITLAB_PRODUCT_PROJECT: 'org/product',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...minimal, ...env });
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('linking settings', () => {
  it('none set: linking is simply off; the email match defaults to on', () => {
    const c = loadConfig(minimal);
    expect(c.GITLAB_OAUTH_CLIENT_ID).toBeUndefined();
    expect(c.IDENTITY_REQUIRE_EMAIL_MATCH).toBe(true);
    expect(
      loadConfig({ ...minimal, IDENTITY_REQUIRE_EMAIL_MATCH: 'false' }).IDENTITY_REQUIRE_EMAIL_MATCH,
    ).toBe(false);
  });

  it('configured without a key, the bot does not start, and says why', () => {
    const message = problemsOf({ GITLAB_OAUTH_CLIENT_ID: 'id', GITLAB_OAUTH_CLIENT_SECRET: 'secret' });
    expect(message).toContain('TOKEN_ENCRYPTION_KEY is missing');
  });

  it('a key that is not 32 bytes of base64 stops start-up', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const message = problemsOf({ ...identityEnv(), TOKEN_ENCRYPTION_KEY: short });
    expect(message).toContain('TOKEN_ENCRYPTION_KEY must be 32 bytes in base64');
    expect(message).not.toContain(short);
    expect(problemsOf({ ...identityEnv(), TOKEN_ENCRYPTION_KEY: 'not base64!' })).toContain('32 bytes');
    expect(problemsOf(identityEnv())).toBe('');
  });

  it('a key set without the OAuth application is refused too', () => {
    expect(problemsOf({ TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY })).toContain(
      'GITLAB_OAUTH_CLIENT_ID is missing',
    );
  });
});

describe('start-up with a different key than the stored links', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('refuses to start with a clear message, instead of failing every link later', async () => {
    h = await startIdentityHarness();
    await connect(h, 'U1', person(h, 'U1', 'alice'));
    const other = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({ ...h.env, TOKEN_ENCRYPTION_KEY: other });
    // One bot per database file: the running one is stopped first, as a redeploy would.
    await h.bot.stop();
    let err: unknown;
    try {
      createBot({ config, taxonomy: loadTaxonomy(undefined), log: createLogger('silent') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('TOKEN_ENCRYPTION_KEY is not the key');
    expect((err as Error).message).not.toContain(other);
    // The right key still reads the links after a restart.
    await h.restart();
    expect(h.bot.deps.identity.linkOf('U1')?.username).toBe('alice');
    expect(await h.bot.deps.identity.gitlabFor('U1')).not.toBeNull();
  });
});

describe('Socket Mode', () => {
  let s: SocketHarness;
  afterEach(async () => {
    await s.close();
  });

  it('the callback is served on the HTTP port beside /healthz, so linking works without Slack reaching the bot', async () => {
    s = await startSocketHarness(identityEnv());
    s.gitlab.oauth.registerApp({ ...OAUTH_APP, redirectUri: `${PUBLIC_URL}${CALLBACK_PATH}` });
    s.slack.userEmails.set('U1', 'alice@example.com');
    const alice = s.gitlab.addUser({ username: 'alice', email: 'alice@example.com' });
    const ack = await s.command('connect');
    const url = connectUrlOf(ack.payload);
    s.gitlab.oauth.signIn(alice);
    const redirect = await fetch(url, { redirect: 'manual' });
    const callback = new URL(redirect.headers.get('location')!);
    const page = await fetch(
      `http://127.0.0.1:${s.bot.http.address()}${callback.pathname}${callback.search}`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected as @alice.');
    await waitFor(() => s.bot.deps.identity.linkOf('U1'), 2000, 'link');
  });
});
