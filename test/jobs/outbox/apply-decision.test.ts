import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { dmsTo, TEAM, teamEnv, waitForDm } from '../../helpers/candidates.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';

const candidateIds = ids.candidates;
const TEAM_LABEL = 'team::Product Security Engineering';
const CANDIDATE = 'ProdSecEng Candidate';

describe('applying a triage decision to GitLab when GitLab says no or is away', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(teamEnv);
  });
  afterEach(async () => {
    await h.close();
  });

  const seed = (labels: string[]) =>
    h.gitlab.seedIssue(PRODUCT, { title: 'Harden the webhook signer', labels });
  const press = (actionId: string, value: string) => h.action({ actionId, value, userId: TEAM });
  const audit = () => h.bot.deps.store.audit.all();

  const permanent: Array<[string, (h: Harness) => string, RegExp]> = [
    ['does not exist (404)', () => `${PRODUCT}#404`, /cannot be found or is not available to the bot/],
    [
      'cannot be seen by the bot (403)',
      (hh) => {
        hh.gitlab.addProject({ path_with_namespace: 'sec/hidden' });
        hh.gitlab.forbiddenProjects.add('sec/hidden');
        return 'sec/hidden#1';
      },
      /cannot be found or is not available to the bot/,
    ],
  ];
  for (const [what, arrange, message] of permanent) {
    it(`when the issue ${what}, the member is told clearly and the failure is audited`, async () => {
      const ref = arrange(h);
      await press(candidateIds.takeOn, ref);
      const dm = await waitForDm(h, TEAM, (t) => message.test(t), 'failure DM');
      expect(JSON.stringify(dm.blocks)).toContain('Done: nothing');
      const d = h.bot.deps.store.decisions.get(1)!;
      expect(d.status).toBe('failed');
      expect(audit().map((a) => a.outcome)).toEqual(['queued', 'failed']);
    });
  }

  it('when GitLab is down, the decision is kept, the member told once, and it is applied when GitLab is back (one note)', async () => {
    const issue = seed([CANDIDATE]);
    h.gitlab.setDown(true);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    await waitForDm(h, TEAM, (t) => t.includes('is saved'));
    expect(h.bot.deps.store.decisions.get(1)!.status).toBe('pending');
    h.gitlab.setDown(false);
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(1);
    expect(dmsTo(h, TEAM).filter((m) => m.text?.includes('is saved'))).toHaveLength(1);
  });

  it('a note GitLab created although its answer was lost is not posted twice on retry', async () => {
    const issue = seed([CANDIDATE]);
    h.gitlab.failNext({ method: 'POST', path: /\/notes$/ }, { afterCommit: { status: 502 } });
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(1);
  });

  it('when GitLab refuses the note after the labels were applied, the member is told which steps succeeded', async () => {
    const issue = seed([CANDIDATE]);
    h.gitlab.failNext(
      { method: 'POST', path: /\/notes$/ },
      { status: 422, body: { message: 'Note is locked' } },
    );
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    const dm = await waitForDm(h, TEAM, (t) => t.includes('stopped'));
    const text = JSON.stringify(dm.blocks);
    expect(text).toContain('Done: update the labels');
    expect(text).toContain('Not done: post the note on the issue');
    expect(text).toContain('Note is locked');
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).toContain(TEAM_LABEL);
  });

  it('when GitLab rejects a label (it does not exist in the project), the member is told and nothing else is done', async () => {
    const issue = seed([CANDIDATE]);
    h.gitlab.failNext(
      { method: 'PUT', path: /\/issues\/\d+$/ },
      { status: 400, body: { message: { labels: ['team::Product Security Engineering does not exist'] } } },
    );
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    const dm = await waitForDm(h, TEAM, (t) => t.includes('stopped'));
    const text = JSON.stringify(dm.blocks);
    expect(text).toContain('could not update the labels');
    expect(text).toContain('does not exist');
    expect(text).toContain('Done: nothing');
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(0);
  });
});
