import { afterEach, describe, expect, it } from 'vitest';
import { STATE_TTL_MS } from '../../src/identity/link-flow.js';
import type { Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import {
  connect,
  connectUrlOf,
  consentAs,
  dmsTo,
  elementsOf,
  openCallback,
  person,
  startConnect,
  startIdentityHarness,
  testClock,
} from './connect.js';

describe('connecting a GitLab account', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('connect end to end: a private link, GitLab consent with PKCE, a plain page, a DM, whoami and the App Home', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    const res = await h.command('connect', { user: 'U1' });
    expect(res.body.response_type).toBe('ephemeral');
    const url = new URL(connectUrlOf(res.body));
    expect(url.origin + url.pathname).toBe(`${h.gitlab.url}/oauth/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(
      'https://prodsec-bot.example.test/oauth/gitlab/callback',
    );
    expect(url.searchParams.get('scope')).toBe('api read_user');
    expect(url.searchParams.get('code_verifier')).toBeNull();

    const page = await consentAs(h, url.toString(), alice);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Connected as @alice. You can close this tab.');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-type')).toContain('text/html');

    // The verifier went to GitLab's token endpoint only, from the bot, and the fake checked it.
    const tokenCalls = h.gitlab.callsMatching('POST', /^\/oauth\/token$/);
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(
      h.gitlab.calls.filter((c) => JSON.stringify(c.query).includes(tokenCalls[0]!.body.code_verifier)),
    ).toHaveLength(0);

    expect(h.bot.deps.identity.linkOf('U1')).toEqual({ gitlabUserId: alice.id, username: 'alice' });
    await waitFor(() => dmsTo(h, 'U1').some((t) => t.includes('Connected as @alice')), 5000, 'DM');
    const who = await h.command('whoami', { user: 'U1' });
    expect(who.body.text).toContain('@alice');
    const nobody = await h.command('whoami', { user: 'U9' });
    expect(nobody.body.text).toContain('not connected');
    expect(h.bot.deps.store.audit.all().find((a) => a.action === 'identity.link')?.outcome).toBe('linked');

    await h.event({ type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' });
    const home = await waitFor(() => h.slack.homeViews.get('U1'), 5000, 'home');
    expect(JSON.stringify(home.blocks)).toContain('Connected to GitLab as *@alice*');
  });

  it('the App Home offers "Connect GitLab", which opens a modal with a fresh link', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    await h.event({ type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' });
    const home = await waitFor(() => h.slack.homeViews.get('U1'), 5000, 'home');
    const button = elementsOf(home.blocks).find((e) => e.action_id === 'home_connect_gitlab');
    expect(button).toBeDefined();
    await h.action({ actionId: 'home_connect_gitlab', userId: 'U1', view: { id: home.id, type: 'home' } });
    const modal = await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 5000, 'modal');
    const link = connectUrlOf(modal.view);
    const page = await consentAs(h, link, alice);
    expect(page.status).toBe(200);
    expect(h.bot.deps.identity.linkOf('U1')?.username).toBe('alice');
  });

  it('a replayed callback answers 400, exchanges nothing and changes nothing', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    const page = await connect(h, 'U1', alice);
    const before = h.bot.deps.store.identity.getLink('U1');
    const again = await openCallback(h, page.callback);
    expect(again.status).toBe(400);
    expect(again.html).toContain('unknown, already used or expired');
    expect(h.gitlab.callsMatching('POST', /^\/oauth\/token$/)).toHaveLength(1);
    expect(h.bot.deps.store.identity.getLink('U1')).toEqual(before);
  });

  it('a state older than 10 minutes answers 400 and links nothing', async () => {
    const clock = testClock();
    h = await startIdentityHarness({}, { clock: clock.now });
    const alice = person(h, 'U1', 'alice');
    const url = await startConnect(h, 'U1');
    clock.advance(STATE_TTL_MS + 1000);
    const page = await consentAs(h, url, alice);
    expect(page.status).toBe(400);
    expect(h.gitlab.callsMatching('POST', /^\/oauth\/token$/)).toHaveLength(0);
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });

  it('a state that is unknown, missing or forged answers 400 and reflects nothing from the query', async () => {
    h = await startIdentityHarness();
    for (const q of [
      '',
      '?code=abc',
      '?state=%3Cscript%3Ealert(1)%3C%2Fscript%3E&code=x',
      '?state=nope&error=%3Cb%3E',
    ]) {
      const page = await openCallback(h, `https://prodsec-bot.example.test/oauth/gitlab/callback${q}`);
      expect(page.status).toBe(400);
      expect(page.html).not.toContain('<script>');
      expect(page.html).not.toContain('<b>');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    expect(h.bot.deps.store.identity.countLinks()).toBe(0);
  });

  it("account-linking CSRF: the attacker's link opened by the victim links nobody, is refused on the page and to the attacker, and is audited", async () => {
    h = await startIdentityHarness();
    const victim = person(h, 'U1', 'alice');
    h.slack.userEmails.set('U2', 'mallory@example.com');
    const attackersLink = await startConnect(h, 'U2');
    const page = await consentAs(h, attackersLink, victim);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Nothing was linked');
    expect(h.bot.deps.identity.linkOf('U2')).toBeNull();
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
    // The token the victim's consent produced was revoked at once.
    expect(h.gitlab.oauth.grantsOf(victim)).toBe(0);
    await waitFor(() => dmsTo(h, 'U2').some((t) => t.includes('not linked')), 5000, 'refusal DM');
    const audit = h.bot.deps.store.audit.all().find((a) => a.action === 'identity.link');
    expect(audit).toMatchObject({ actor: 'U2', outcome: 'refused', reason: 'email mismatch' });
  });

  it('a Slack account without a visible email is refused too (fail closed)', async () => {
    h = await startIdentityHarness();
    const alice = h.gitlab.addUser({ username: 'alice', email: 'alice@example.com' });
    const page = await consentAs(h, await startConnect(h, 'U1'), alice);
    expect(page.status).toBe(403);
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });

  it('with IDENTITY_REQUIRE_EMAIL_MATCH=false the state alone decides: the link goes to whoever ran connect (the documented trade-off)', async () => {
    h = await startIdentityHarness({ IDENTITY_REQUIRE_EMAIL_MATCH: 'false' });
    const victim = person(h, 'U1', 'alice');
    const page = await consentAs(h, await startConnect(h, 'U2'), victim);
    expect(page.status).toBe(200);
    expect(h.bot.deps.identity.linkOf('U2')?.username).toBe('alice');
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });

  it('consent refused at GitLab links nothing', async () => {
    h = await startIdentityHarness();
    person(h, 'U1', 'alice');
    const url = new URL(await startConnect(h, 'U1'));
    const state = url.searchParams.get('state')!;
    const page = await openCallback(
      h,
      `https://prodsec-bot.example.test/oauth/gitlab/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    expect(page.status).toBe(400);
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });

  it('connecting again replaces the link and revokes the old grant at GitLab', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    await connect(h, 'U1', alice);
    await connect(h, 'U1', alice);
    expect(h.gitlab.oauth.grantsOf(alice)).toBe(1);
    expect(h.bot.deps.store.identity.countLinks()).toBe(1);
    expect(await h.bot.deps.identity.canRead('U1', { project: 'sec/internal-tools', iid: 99 })).toBe('no');
  });

  it('disconnect revokes the grant at GitLab and forgets the link', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    await connect(h, 'U1', alice);
    expect(h.gitlab.oauth.grantsOf(alice)).toBe(1);
    const res = await h.command('disconnect', { user: 'U1' });
    expect(res.status).toBe(200);
    const answer = await waitFor(
      () => h.slack.responses.find((r) => String(r.body.text).includes('Disconnected')),
      5000,
      'answer',
    );
    expect(answer.body.text).toContain('revoked');
    expect(h.gitlab.callsMatching('POST', /^\/oauth\/revoke$/).length).toBeGreaterThan(0);
    expect(h.gitlab.oauth.grantsOf(alice)).toBe(0);
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
    expect(await h.bot.deps.identity.gitlabFor('U1')).toBeNull();
  });

  it('disconnect when GitLab cannot be reached still forgets the link, and says so', async () => {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    await connect(h, 'U1', alice);
    h.gitlab.failNext({ method: 'POST', path: /^\/oauth\/revoke$/ }, { status: 503 });
    await h.command('disconnect', { user: 'U1' });
    const answer = await waitFor(
      () => h.slack.responses.find((r) => String(r.body.text).includes('Disconnected')),
      5000,
      'answer',
    );
    expect(answer.body.text).toContain('could not be reached');
    expect(h.bot.deps.identity.linkOf('U1')).toBeNull();
  });
});

describe('when linking is not configured', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('connect says linking is off and which settings are missing; the home tab has no Connect button', async () => {
    h = await startIdentityHarness({ PUBLIC_URL: '' });
    const res = await h.command('connect', { user: 'U1' });
    expect(res.body.text).toContain('not set up');
    expect(res.body.text).toContain('PUBLIC_URL');
    expect(JSON.stringify(res.body)).not.toContain('/oauth/authorize');
    expect(h.bot.deps.identity.enabled).toBe(false);
    expect(await h.bot.deps.identity.canRead('U1', { project: 'sec/internal-tools', iid: 1 })).toBe(
      'unlinked',
    );
    await h.event({ type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' });
    const home = await waitFor(() => h.slack.homeViews.get('U1'), 5000, 'home');
    expect(JSON.stringify(home.blocks)).not.toContain('home_connect_gitlab');
  });
});
