import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER } from '../fakes/gitlab-store.js';
import { type Harness, INTERNAL } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';
import { connect, dmsTo, person, startIdentityHarness } from './connect.js';

const creates = (h: Harness) => h.gitlab.callsMatching('POST', /\/issues$/);

describe('filing a request as the person who asked', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function linked(level: number | null) {
    h = await startIdentityHarness();
    const alice = person(h, 'U1', 'alice');
    if (level !== null) h.gitlab.addMember(INTERNAL, 'alice', level);
    await connect(h, 'U1', alice);
    return alice;
  }

  async function fileAndWait() {
    await h.submitView(requestSubmission({ confidential: true }));
    await waitFor(() => dmsTo(h, 'U1').some((t) => t.includes('filed in GitLab')), 8000, 'filed notice');
    await h.idle();
  }

  it('a linked member of the project is the author of their confidential issue, and GitLab lets them open it', async () => {
    await linked(10); // a guest may create issues, and reads the confidential ones they wrote
    await fileAndWait();
    const [issue] = h.gitlab.issues(INTERNAL);
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(issue!.author.username).toBe('alice');
    expect(issue!.confidential).toBe(true);
    expect(creates(h).map((c) => [c.user, c.status])).toEqual([['alice', 201]]);
    const req = h.bot.deps.store.requests.listByRequester('U1')[0]!;
    expect(req.status).toBe('filed');
    expect(req.issueIid).toBe(issue!.iid);
    // Checked with her own token: a guest who was not the author would get a 404 here.
    expect(await h.bot.deps.identity.canRead('U1', { project: INTERNAL, iid: issue!.iid })).toBe('yes');
  });

  it('a linked person GitLab does not let create issues there (404 for them) is filed by the bot, credited in the description, once', async () => {
    await linked(null); // the project is private and she is not a member
    await fileAndWait();
    const issues = h.gitlab.issues(INTERNAL);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.author.id).toBe(BOT_USER.id);
    expect(issues[0]!.description).toContain('for Slack user U1');
    expect(creates(h).map((c) => [c.user, c.status])).toEqual([
      ['alice', 404],
      ['bot', 201],
    ]);
    expect(h.bot.deps.store.requests.listByRequester('U1')[0]!.status).toBe('filed');
    // Still linked: a refusal for one project says nothing about the link.
    expect(h.bot.deps.identity.linkOf('U1')?.username).toBe('alice');
  });

  it('an issue GitLab created as the person although its answer was lost is found by the retry (bot token), not filed twice', async () => {
    await linked(30);
    h.gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { afterCommit: { status: 502 } });
    await fileAndWait();
    const issues = h.gitlab.issues(INTERNAL);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.author.username).toBe('alice');
    expect(creates(h)).toHaveLength(1);
    const searches = h.gitlab.callsMatching('GET', /\/issues$/).filter((c) => c.query.search);
    expect(searches.map((c) => c.user)).toEqual(['bot']);
  });

  it('an unlinked requester is filed by the bot as before, with no call made as anyone else', async () => {
    h = await startIdentityHarness();
    await fileAndWait();
    expect(h.gitlab.issues(INTERNAL)[0]!.author.id).toBe(BOT_USER.id);
    expect(creates(h).map((c) => c.user)).toEqual(['bot']);
  });
});
