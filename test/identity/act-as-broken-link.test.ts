import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { BOT_USER, type FakeUser } from '../fakes/gitlab-store.js';
import { TEAM, teamEnv, waitForDm } from '../helpers/candidates.js';
import { type Harness, INTERNAL, PRODUCT } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';
import { connect, dmsTo, person, startIdentityHarness } from './connect.js';

const TEAM_LABEL = 'team::Product Security Engineering';
const brokenDms = (h: Harness, user: string) => dmsTo(h, user).filter((t) => t.includes('stopped working'));
/** The write fell back within the same attempt: no retry, no "saved, will retry" notice, no wait for the operator. */
function ranOnce(h: Harness, kind: string, user: string, delayed: string, jobs = 1) {
  const rows = h.bot.deps.store.outbox.listByKind(kind).map((j) => [j.status, j.attempts]);
  expect(rows).toEqual(Array.from({ length: jobs }, () => ['done', 1]));
  expect(dmsTo(h, user).filter((t) => t.includes(delayed))).toEqual([]);
}

describe('a link that stops working while a write is queued', () => {
  let h: Harness;
  let alice: FakeUser;
  afterEach(async () => {
    await h.close();
  });

  async function linkedMember() {
    h = await startIdentityHarness(teamEnv);
    alice = person(h, TEAM, 'alice');
    h.gitlab.addMember(PRODUCT, 'alice', 30);
    h.gitlab.addMember(INTERNAL, 'alice', 30);
    await connect(h, TEAM, alice);
  }

  const takeOn = (iid: number) =>
    h.action({ actionId: ids.candidates.takeOn, value: `${PRODUCT}#${iid}`, userId: TEAM });

  it('revoked between the labels and the note: the note falls back to the bot, the member is told once, the decision is applied', async () => {
    await linkedMember();
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Rotate keys', labels: ['ProdSecEng Candidate'] });
    // She removes the app in GitLab right after her label change landed.
    const stop = h.gitlab.onChange(() => h.gitlab.oauth.revokeAllOf(alice));
    await takeOn(issue.iid);
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    await waitFor(() => brokenDms(h, TEAM).length > 0, 5000, 'broken-link DM');
    stop();
    await h.idle();
    const put = h.gitlab.callsMatching('PUT', new RegExp(`/issues/${issue.iid}$`));
    expect(put.map((c) => [c.user, c.status])).toEqual([['alice', 200]]);
    const posts = h.gitlab.callsMatching('POST', new RegExp(`/issues/${issue.iid}/notes$`));
    // Her 401 (refresh refused too), then the bot's note: nothing is lost, nothing doubled.
    expect(posts.map((c) => c.status)).toEqual([401, 201]);
    expect(posts.at(-1)!.user).toBe('bot');
    const notes = h.gitlab.notes(PRODUCT, issue.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.author.id).toBe(BOT_USER.id);
    expect(notes[0]!.body).toContain(`on behalf of Slack user ${TEAM}`);
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).toContain(TEAM_LABEL);
    expect(h.bot.deps.store.decisions.get(1)!.status).toBe('applied');
    expect(h.bot.deps.identity.linkOf(TEAM)).toBeNull();
    expect(brokenDms(h, TEAM)).toHaveLength(1);
    expect(h.bot.deps.store.audit.all().filter((a) => a.action === 'identity.broken')).toHaveLength(1);
    ranOnce(h, 'apply_decision', TEAM, 'is saved');
  });

  it('revoked before two decisions run: both are applied with the bot token and the member is told once', async () => {
    await linkedMember();
    const a = h.gitlab.seedIssue(PRODUCT, { title: 'one', labels: ['ProdSecEng Candidate'] });
    const b = h.gitlab.seedIssue(PRODUCT, { title: 'two', labels: ['ProdSecEng Candidate'] });
    h.gitlab.oauth.revokeAllOf(alice);
    await takeOn(a.iid);
    await takeOn(b.iid);
    await waitFor(
      () => dmsTo(h, TEAM).filter((t) => t.includes('You took on')).length === 2,
      8000,
      'both done',
    );
    await h.idle();
    for (const issue of [a, b]) {
      expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).toContain(TEAM_LABEL);
      const notes = h.gitlab.notes(PRODUCT, issue.iid);
      expect(notes.map((n) => n.author.id)).toEqual([BOT_USER.id]);
    }
    expect(brokenDms(h, TEAM)).toHaveLength(1);
    ranOnce(h, 'apply_decision', TEAM, 'is saved', 2);
  });

  it('revoked before a request is filed: the bot files it once, crediting the requester, who is told the link broke', async () => {
    await linkedMember();
    h.gitlab.oauth.revokeAllOf(alice);
    await h.submitView(requestSubmission({}, { userId: TEAM }));
    await waitFor(() => dmsTo(h, TEAM).some((t) => t.includes('filed in GitLab')), 8000, 'filed notice');
    await waitFor(() => brokenDms(h, TEAM).length > 0, 5000, 'broken-link DM');
    await h.idle();
    const issues = h.gitlab.issues(INTERNAL);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.author.id).toBe(BOT_USER.id);
    expect(issues[0]!.description).toContain(`for Slack user ${TEAM}`);
    const creates = h.gitlab.callsMatching('POST', /\/issues$/);
    expect(creates.map((c) => c.status)).toEqual([401, 201]);
    expect(h.bot.deps.store.requests.listByRequester(TEAM)[0]!.status).toBe('filed');
    expect(brokenDms(h, TEAM)).toHaveLength(1);
    ranOnce(h, 'file_request', TEAM, 'saved');
  });
});
