import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import {
  declineSubmission,
  dmsTo,
  flagSubmission,
  TEAM,
  teamEnv,
  waitForDm,
} from '../../helpers/candidates.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { waitFor } from '../../helpers/slack-request.js';

const candidateIds = ids.candidates;
const TEAM_LABEL = 'team::Product Security Engineering';
const CANDIDATE = 'ProdSecEng Candidate';

describe('taking on and declining candidates', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(teamEnv);
  });
  afterEach(async () => {
    await h.close();
  });

  const seed = (labels: string[], extra: Record<string, unknown> = {}) =>
    h.gitlab.seedIssue(PRODUCT, { title: 'Harden the webhook signer', labels, ...extra });
  const press = (
    actionId: string,
    value: string | undefined,
    userId = TEAM,
    extra: Record<string, unknown> = {},
  ) => h.action({ actionId, value, userId, ...extra });
  const lastResponse = () => JSON.stringify(h.slack.responses.at(-1)?.body ?? {});
  const audit = () => h.bot.deps.store.audit.all();
  const setOwners = (group: string, owners: string[]) =>
    h.bot.deps.store.owners.set({ groupLabel: group, usernames: owners }, TEAM, Date.now());

  it("Take on adds the team label and Pending, pings the group's PM/EM with the handbook's message, and tells the member", async () => {
    const issue = seed([CANDIDATE, 'group::Pipeline Security']);
    setOwners('group::pipeline security', ['pat-pm', 'eli-em']);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    await waitFor(() => h.slack.responses.length > 0, 3000, 'response');
    expect(lastResponse()).toContain('Taking on');
    const done = await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    const labels = h.gitlab.issue(PRODUCT, issue.iid)!.labels;
    expect(labels).toEqual(expect.arrayContaining([TEAM_LABEL, 'ProdSecEngMetric::Pending', CANDIDATE]));
    const notes = h.gitlab.notes(PRODUCT, issue.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toMatch(
      /^@pat-pm @eli-em: the Product Security Engineering team is taking this on/,
    );
    expect(notes[0]!.body).toContain('align with any existing efforts');
    expect(notes[0]!.body).toContain('After release, it belongs to the owning product team');
    expect(JSON.stringify(done.blocks)).toContain('Pinged @pat-pm, @eli-em');
    const rows = audit().filter((a) => a.action === 'triage.take_on');
    expect(rows.map((a) => a.outcome)).toEqual(['queued', 'applied']);
    expect(rows[0]!.actor).toBe(TEAM);
    expect(rows[0]!.issueRef).toBe(`${PRODUCT}#${issue.iid}`);
  });

  it('Take on of an issue without a group label pings nobody and says so', async () => {
    const issue = seed([CANDIDATE]);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    const done = await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    expect(JSON.stringify(done.blocks)).toContain('No PM/EM was pinged: the issue has no group label');
    const note = h.gitlab.notes(PRODUCT, issue.iid)[0]!.body;
    expect(note).not.toMatch(/@\w/);
    expect(note).toContain('No PM/EM was pinged');
  });

  it('Take on of an issue whose group has no recorded owner pings nobody and says so', async () => {
    const issue = seed([CANDIDATE, 'group::unknown']);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    const done = await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    expect(JSON.stringify(done.blocks)).toContain('none is recorded for group::unknown');
  });

  it('Take on keeps a metric label already there; Take on as… applies the chosen one', async () => {
    const kept = seed([CANDIDATE, 'ProdSecEngMetric::Paved Road']);
    await press(candidateIds.takeOn, `${PRODUCT}#${kept.iid}`);
    await waitForDm(h, TEAM, (t) => t.includes(`#${kept.iid}`) && t.includes('You took on'));
    expect(h.gitlab.issue(PRODUCT, kept.iid)!.labels).toContain('ProdSecEngMetric::Paved Road');
    expect(h.gitlab.issue(PRODUCT, kept.iid)!.labels).not.toContain('ProdSecEngMetric::Pending');

    const chosen = seed([CANDIDATE]);
    await press(candidateIds.takeOnAs, undefined, TEAM, {
      blockId: `${candidateIds.actionsBlockPrefix}${PRODUCT}#${chosen.iid}`,
      selectedOption: { value: 'Custom Tooling' },
    });
    await waitForDm(h, TEAM, (t) => t.includes(`#${chosen.iid}`) && t.includes('You took on'));
    expect(h.gitlab.issue(PRODUCT, chosen.iid)!.labels).toContain('ProdSecEngMetric::Custom Tooling');
  });

  it('a non-member pressing Take on or Decline is refused politely, nothing changes, and the attempt is audited', async () => {
    const issue = seed([CANDIDATE]);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`, 'UOUTSIDER');
    await press(candidateIds.decline, `${PRODUCT}#${issue.iid}`, 'UOUTSIDER');
    await waitFor(() => h.slack.responses.length === 2, 3000, 'responses');
    for (const r of h.slack.responses)
      expect(JSON.stringify(r.body)).toContain('Only the ProdSec team can do this');
    await h.idle();
    expect(h.slack.views).toHaveLength(0);
    expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    const denied = audit().filter((a) => a.outcome === 'denied');
    expect(denied.map((a) => a.action)).toEqual(['triage.take_on', 'triage.decline']);
    expect(denied.every((a) => a.actor === 'UOUTSIDER')).toBe(true);
  });

  it('forged action values change nothing: a member id inside the value, an unknown metric, or a value that is no issue', async () => {
    const issue = seed([CANDIDATE]);
    await press(
      candidateIds.takeOn,
      JSON.stringify({ user: TEAM, ref: `${PRODUCT}#${issue.iid}` }),
      'UOUTSIDER',
    );
    await press(candidateIds.takeOnAs, undefined, TEAM, {
      blockId: `${candidateIds.actionsBlockPrefix}${PRODUCT}#${issue.iid}`,
      selectedOption: { value: 'Anything Goes' },
    });
    await press(candidateIds.takeOn, 'rm -rf /', TEAM);
    await waitFor(() => h.slack.responses.length === 3, 3000, 'responses');
    const texts = h.slack.responses.map((r) => JSON.stringify(r.body));
    expect(texts[0]).toContain('Only the ProdSec team');
    expect(texts[1]).toContain('not one of the team’s metric kinds');
    expect(texts[2]).toContain('does not point at a GitLab issue');
    await h.idle();
    expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    expect(h.bot.deps.store.decisions.pendingFor(`${PRODUCT}#${issue.iid}`)).toBeUndefined();
  });

  it('Decline opens the reason form for a member; an empty reason is a field error and records nothing', async () => {
    const issue = seed([CANDIDATE]);
    await press(candidateIds.decline, `${PRODUCT}#${issue.iid}`);
    const open = await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'views.open');
    expect(open.view.callback_id).toBe(candidateIds.declineCallbackId);
    const res = await h.submitView(declineSubmission(`${PRODUCT}#${issue.iid}`, '   '));
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors[candidateIds.declineBlocks.reason]).toMatch(/say why/);
    await h.idle();
    expect(audit().filter((a) => a.action === 'triage.decline')).toHaveLength(0);
    expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
  });

  it('when the Decline form cannot open, the member is asked to press again and nothing is recorded', async () => {
    const issue = seed([CANDIDATE]);
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await press(candidateIds.decline, `${PRODUCT}#${issue.iid}`);
    await waitFor(() => h.slack.responses[0], 3000, 'response');
    expect(lastResponse()).toContain('did not open');
    expect(h.bot.deps.store.decisions.get(1)).toBeUndefined();
  });

  it('Decline with a reason removes the labels, posts the reason mentioning the PM/EM, seeks the community on a public issue, and tells the requester why', async () => {
    await h.submitView(
      requestSubmission({ kind: 'product', currentProcess: '', confidential: false }, { userId: 'UREQ' }),
    );
    await waitForDm(h, 'UREQ', (t) => t.includes('filed'));
    const issue = h.gitlab.issues(PRODUCT)[0]!;
    h.gitlab.issue(PRODUCT, issue.iid)!.labels.push(TEAM_LABEL, 'group::authn');
    setOwners('group::authn', ['ana-pm']);
    const ref = `${PRODUCT}#${issue.iid}`;
    const res = await h.submitView(
      declineSubmission(ref, 'Owned by Authn; /close we have no capacity', { community: true }),
    );
    expect(res.body.response_action).toBe('update');
    const notice = await waitForDm(h, 'UREQ', (t) => t.includes('was declined'));
    const after = h.gitlab.issue(PRODUCT, issue.iid)!;
    expect(after.labels).not.toContain(TEAM_LABEL);
    expect(after.labels).not.toContain(CANDIDATE);
    expect(after.labels).toContain('Seeking community contributions');
    expect(after.state).toBe('opened');
    const note = h.gitlab.notes(PRODUCT, issue.iid)[0]!.body;
    expect(note).toContain('> Owned by Authn; /close we have no capacity');
    expect(note).toContain('@ana-pm');
    const text = JSON.stringify(notice.blocks);
    expect(text).toContain('R-1');
    expect(text).toContain(`<@${TEAM}>`);
    expect(text).toContain('Owned by Authn');
    const rows = audit().filter((a) => a.action === 'triage.decline');
    expect(rows.map((a) => [a.outcome, a.reason])).toEqual([
      ['queued', 'Owned by Authn; /close we have no capacity'],
      ['applied', 'Owned by Authn; /close we have no capacity'],
    ]);
  });

  it('Decline of a confidential issue never adds Seeking community contributions, and the member is told', async () => {
    const issue = seed([CANDIDATE], { confidential: true });
    await h.submitView(declineSubmission(`${PRODUCT}#${issue.iid}`, 'Out of scope', { community: true }));
    const done = await waitForDm(h, TEAM, (t) => t.includes('You declined'));
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).not.toContain('Seeking community contributions');
    expect(JSON.stringify(done.blocks)).toContain('the issue is confidential');
  });

  it('a Decline form submitted by a non-member is refused and audited', async () => {
    const issue = seed([CANDIDATE]);
    const res = await h.submitView(
      declineSubmission(`${PRODUCT}#${issue.iid}`, 'no', { userId: 'UOUTSIDER' }),
    );
    expect(JSON.stringify(res.body.view)).toContain('Only the ProdSec team');
    await h.idle();
    expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    expect(audit().map((a) => [a.action, a.outcome, a.actor])).toEqual([
      ['triage.decline', 'denied', 'UOUTSIDER'],
    ]);
  });

  it('the requester of a /prodsec request and the flagger of a message each hear that it was taken on, and by whom', async () => {
    // The flagger is not on the team: they may link only an issue they may see (public, not confidential).
    h.gitlab.setVisibility(INTERNAL, 'public');
    await h.submitView(requestSubmission({ confidential: false }, { userId: 'UREQ' }));
    await waitForDm(h, 'UREQ', (t) => t.includes('filed'));
    const issue = h.gitlab.issues(INTERNAL)[0]!;
    await h.submitView(
      flagSubmission({ choice: 'other', existing: `${INTERNAL}#${issue.iid}` }, { userId: 'UFLAG' }),
    );
    await waitFor(
      () => h.bot.deps.store.flags.forMessage('C1', '1700000000.000100')?.status === 'linked',
      5000,
      'flag',
    );
    await press(candidateIds.takeOn, `${INTERNAL}#${issue.iid}`);
    const toRequester = await waitForDm(h, 'UREQ', (t) => t.includes('taken on'));
    const toFlagger = await waitForDm(h, 'UFLAG', (t) => t.includes('taken on'));
    expect(JSON.stringify(toRequester.blocks)).toContain('Your request *R-1*');
    expect(JSON.stringify(toFlagger.blocks)).toContain('message you flagged');
    for (const m of [toRequester, toFlagger]) expect(JSON.stringify(m.blocks)).toContain(`<@${TEAM}>`);
    expect(dmsTo(h, TEAM).filter((m) => m.text?.includes('Taken on'))).toHaveLength(0);
  });

  it('a second decision on an issue whose first is still being applied is refused', async () => {
    const issue = seed([CANDIDATE]);
    h.gitlab.setDown(true);
    await press(candidateIds.takeOn, `${PRODUCT}#${issue.iid}`);
    await waitFor(() => h.slack.responses.length === 1, 3000, 'first response');
    const res = await h.submitView(
      declineSubmission(`${PRODUCT}#${issue.iid}`, 'Changed my mind', { userId: TEAM }),
    );
    expect(JSON.stringify(res.body.view)).toContain('still being applied');
    expect(h.bot.deps.store.audit.all().filter((a) => a.action === 'triage.decline')).toHaveLength(0);
  });
});
