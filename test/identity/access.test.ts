import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { connect, person, startIdentityHarness } from './connect.js';

const SECRET = 'sec/secret-project';

describe('what GitLab lets a linked person read (canRead, gitlabFor)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function setUp() {
    h = await startIdentityHarness();
    h.gitlab.addProject({ path_with_namespace: SECRET });
    h.gitlab.setVisibility(SECRET, 'internal');
    const outsider = person(h, 'U1', 'olivia');
    const reporter = person(h, 'U2', 'rita');
    const guest = person(h, 'U3', 'gus');
    h.gitlab.addMember(SECRET, 'rita', 20);
    h.gitlab.addMember(SECRET, 'gus', 10);
    const confidential = h.gitlab.seedIssue(SECRET, { title: 'SAML bypass', confidential: true });
    const ownConfidential = h.gitlab.seedIssue(SECRET, {
      title: 'my report',
      confidential: true,
      author: outsider,
    });
    const open = h.gitlab.seedIssue(SECRET, { title: 'public hardening' });
    for (const [slackUser, user] of [
      ['U1', outsider],
      ['U2', reporter],
      ['U3', guest],
    ] as const) {
      await connect(h, slackUser, user);
    }
    return { confidential, ownConfidential, open };
  }

  it('a confidential issue: a non-member and a guest get "no" (GitLab 404s them) though the bot token reads it; a reporter gets "yes"', async () => {
    const { confidential } = await setUp();
    const ref = { project: SECRET, iid: confidential.iid };
    // The bot's own token sees it: the answer must come from the person's token.
    expect((await h.bot.deps.gitlab.getIssue(SECRET, confidential.iid)).title).toBe('SAML bypass');
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('no');
    expect(await h.bot.deps.identity.canRead('U3', ref)).toBe('no');
    expect(await h.bot.deps.identity.canRead('U2', ref)).toBe('yes');
    expect(await h.bot.deps.identity.canRead('U9', ref)).toBe('unlinked');
    const bearerCalls = h.gitlab.callsMatching('GET', new RegExp(`/issues/${confidential.iid}$`));
    expect(bearerCalls.map((c) => c.status).sort()).toEqual([200, 200, 404, 404]);
  });

  it("the author of a confidential issue reads it, and the person's listings leave out what they may not read", async () => {
    const { ownConfidential, open } = await setUp();
    expect(await h.bot.deps.identity.canRead('U1', { project: SECRET, iid: ownConfidential.iid })).toBe(
      'yes',
    );
    const asOutsider = (await h.bot.deps.identity.gitlabFor('U1'))!;
    const { issues } = await asOutsider.listProjectIssues(SECRET, { state: 'opened' });
    expect(issues.map((i) => i.iid).sort()).toEqual([ownConfidential.iid, open.iid].sort());
    const asBot = await h.bot.deps.gitlab.listProjectIssues(SECRET, { state: 'opened' });
    expect(asBot.issues).toHaveLength(3);
  });

  it('a private project: a non-member gets "no" for every issue in it, a member "yes"', async () => {
    const { open } = await setUp();
    h.gitlab.setVisibility(SECRET, 'private');
    const ref = { project: SECRET, iid: open.iid };
    expect(await h.bot.deps.identity.canRead('U1', ref)).toBe('no');
    expect(await h.bot.deps.identity.canRead('U3', ref)).toBe('yes');
  });

  it('writes through gitlabFor are made as the person: GitLab names them as the author', async () => {
    const { open } = await setUp();
    const asRita = (await h.bot.deps.identity.gitlabFor('U2'))!;
    await asRita.addNote(SECRET, open.iid, 'taking this on');
    const note = h.gitlab.notes(SECRET, open.iid).at(-1)!;
    expect(note.author.username).toBe('rita');
    const bearer = h.gitlab.callsMatching('POST', /\/notes$/).at(-1)!;
    expect(bearer.status).toBe(201);
  });
});
