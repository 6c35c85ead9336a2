import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';
import { type Harness, INTERNAL } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import { connect, dmsTo, person, startConnect, startIdentityHarness, testClock } from './connect.js';

const ref = { project: INTERNAL, iid: 1 };

describe("keeping a person's GitLab token fresh", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function linkedAlice(env: Record<string, string> = {}) {
    h = await startIdentityHarness(env);
    h.gitlab.seedIssue(INTERNAL, { title: 'public tooling issue' });
    const alice = person(h, 'U1', 'alice');
    h.gitlab.addMember(INTERNAL, 'alice', 30);
    return alice;
  }

  it('a token near its expiry is refreshed before use, and the new pair replaces the old one', async () => {
    const alice = await linkedAlice();
    h.gitlab.oauth.expiresIn = 60; // inside the default 300 s margin
    await connect(h, 'U1', alice);
    const before = h.bot.deps.store.identity.getLink('U1')!;
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('yes');
    expect(h.gitlab.oauth.refreshGrants).toBe(1);
    const after = h.bot.deps.store.identity.getLink('U1')!;
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    // The old pair is dead at GitLab; only the stored new one is alive.
    expect(h.gitlab.oauth.grantsOf(alice)).toBe(1);
  });

  it('concurrent uses during a refresh share one refresh, and the person stays linked', async () => {
    const alice = await linkedAlice();
    h.gitlab.oauth.expiresIn = 60;
    await connect(h, 'U1', alice);
    h.gitlab.setLatency(30);
    const gl = (await h.bot.deps.identity.gitlabFor('U1'))!;
    const results = await Promise.all([
      h.bot.deps.identity.canRead('U1', ref),
      h.bot.deps.identity.canRead('U1', ref),
      gl.getIssue(INTERNAL, 1).then(() => 'yes'),
      gl.getIssue(INTERNAL, 1).then(() => 'yes'),
    ]);
    expect(results).toEqual(['yes', 'yes', 'yes', 'yes']);
    expect(h.gitlab.oauth.refreshGrants).toBe(1);
    expect(
      h.gitlab.callsMatching('POST', /^\/oauth\/token$/).filter((c) => c.body.grant_type === 'refresh_token'),
    ).toHaveLength(1);
    expect(h.bot.deps.identity.linkOf('U1')?.username).toBe('alice');
  });

  it('a 401 on a token the bot thought valid is refreshed once and the call retried', async () => {
    const alice = await linkedAlice();
    await connect(h, 'U1', alice);
    h.gitlab.oauth.expireAccessOf(alice);
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('yes');
    expect(h.gitlab.oauth.refreshGrants).toBe(1);
    const notes = h.gitlab.callsMatching('GET', /\/issues\/1$/);
    expect(notes.map((c) => c.status)).toEqual([401, 200]);
  });

  it('a link revoked in GitLab: the person is told once, privately, with the reconnect command, and is unlinked', async () => {
    const alice = await linkedAlice();
    await connect(h, 'U1', alice);
    h.gitlab.oauth.revokeAllOf(alice);
    const answers = await Promise.all([
      h.bot.deps.identity.canRead('U1', ref),
      h.bot.deps.identity.canRead('U1', ref),
    ]);
    expect(answers).toEqual(['unlinked', 'unlinked']);
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('unlinked');
    expect(await h.bot.deps.identity.gitlabFor('U1')).toBeNull();
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
    await waitFor(() => dmsTo(h, 'U1').some((t) => t.includes('stopped working')), 5000, 'broken DM');
    await h.idle();
    const told = dmsTo(h, 'U1').filter((t) => t.includes('stopped working'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('/prodsec connect');
    const who = await h.command('whoami', { user: 'U1' });
    expect(who.body.text).toContain('not connected');
    expect(h.bot.deps.store.audit.all().some((a) => a.action === 'identity.broken' && a.actor === 'U1')).toBe(
      true,
    );
  });

  it('a refresh refused at expiry also unlinks and tells the person once', async () => {
    const alice = await linkedAlice();
    h.gitlab.oauth.expiresIn = 60;
    await connect(h, 'U1', alice);
    h.gitlab.oauth.revokeAllOf(alice);
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('unlinked');
    await waitFor(() => dmsTo(h, 'U1').some((t) => t.includes('stopped working')), 5000, 'broken DM');
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });

  it('GitLab unreachable while refreshing: a token not yet expired is still used; an expired one is "unknown", and the link is kept', async () => {
    const clock = testClock();
    h = await startIdentityHarness({}, { clock: clock.now });
    h.gitlab.seedIssue(INTERNAL, { title: 'public tooling issue' });
    const alice = person(h, 'U1', 'alice');
    h.gitlab.addMember(INTERNAL, 'alice', 30);
    h.gitlab.oauth.expiresIn = 60;
    await connect(h, 'U1', alice);
    h.gitlab.failNext({ method: 'POST', path: /^\/oauth\/token$/ }, { status: 503 }, 20);
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('yes');
    clock.advance(61_000);
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('unknown');
    expect(h.bot.deps.identity.linkOf('U1')?.username).toBe('alice');
    h.gitlab.reset();
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('yes');
    expect(h.gitlab.oauth.refreshGrants).toBe(1);
  });

  it('no token, state or verifier appears in the database file, the logs or /metrics', async () => {
    const alice = await linkedAlice({ LOG_LEVEL: 'trace' });
    h.gitlab.oauth.expiresIn = 60;
    const url = new URL(await startConnect(h, 'U1'));
    const state = url.searchParams.get('state')!;
    h.gitlab.oauth.signIn(alice);
    const redirect = await fetch(url, { redirect: 'manual' });
    const callback = new URL(redirect.headers.get('location')!);
    const code = callback.searchParams.get('code')!;
    const local = new URL(h.url);
    expect((await fetch(`${local.origin}${callback.pathname}${callback.search}`)).status).toBe(200);
    await h.bot.deps.identity.canRead('U1', ref); // a refresh
    h.gitlab.oauth.expireAccessOf(alice);
    await h.bot.deps.identity.canRead('U1', ref); // a 401 and a refresh
    const verifier = h.gitlab.callsMatching('POST', /^\/oauth\/token$/)[0]!.body.code_verifier as string;
    const metrics = await (await fetch(`${local.origin}/metrics`)).text();
    await h.command('disconnect', { user: 'U1' });
    await waitFor(() => h.slack.responses.length > 0, 5000, 'disconnect answer');
    h.bot.deps.store.db.pragma('wal_checkpoint(TRUNCATE)');

    const secrets = [...h.gitlab.oauth.issued, state, verifier, code, OAUTH_APP.clientSecret];
    expect(h.gitlab.oauth.issued.length).toBeGreaterThanOrEqual(6);
    const files = [h.dbPath, `${h.dbPath}-wal`].map((p) => {
      try {
        return readFileSync(p).toString('latin1');
      } catch {
        return '';
      }
    });
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    const slackText = JSON.stringify([h.slack.messages, h.slack.responses, h.slack.calls.map((c) => c.args)]);
    for (const secret of secrets) {
      for (const where of [...files, logs, metrics, slackText]) expect(where.includes(secret)).toBe(false);
    }
  });
});
