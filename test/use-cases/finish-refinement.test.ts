import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RefinementDraft } from '../../src/domain/refinement.js';
import { finishRefinement } from '../../src/use-cases/finish-refinement.js';
import { openRefinement, type RefinementOutcome } from '../../src/use-cases/refine.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';

const READY: RefinementDraft = {
  goal: 'Stop secrets leaking through CI logs.',
  definitionOfDone: 'Masked variables cannot be printed by any job.',
  breakdown: 'no',
  breakdownNote: '',
  solution: 'Mask at the runner level.',
  needsSolutionValidation: false,
  weight: '3',
  priority: '1',
  metric: 'Paved Road',
};

describe('finishRefinement', () => {
  let h: Harness;
  let iid: number;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM,UTEAM2' });
    iid = h.gitlab.seedIssue(PRODUCT, { title: 'Mask CI secrets', labels: ['ProdSecEng Candidate'] }).iid;
  });
  afterEach(async () => {
    await h.close();
  });

  async function open(): Promise<Extract<RefinementOutcome, { kind: 'checklist' }>> {
    const opened = await openRefinement(h.bot.deps, { project: PRODUCT, iid }, 'UTEAM');
    if (opened.kind !== 'checklist') throw new Error(`not opened: ${opened.kind}`);
    return opened;
  }
  const input = (id: number, userId = 'UTEAM') => ({ id, userId, userName: userId.toLowerCase() });
  const issueReads = () => h.gitlab.callsMatching('GET', new RegExp(`issues/${iid}$`)).length;

  it('queues an unchanged issue, says it is checking before GitLab is asked, and checks membership once', async () => {
    const { record, fingerprint } = await open();
    const isMember = vi.spyOn(h.bot.deps.team, 'membership');
    const readsBefore = issueReads();
    const seen: string[] = [];
    const outcome = await finishRefinement(
      h.bot.deps,
      { ...input(record.id), draft: READY },
      {
        confirmed: false,
        fingerprint,
        onChecking: async (o) => {
          seen.push(`${o.kind}:${issueReads() - readsBefore}`);
        },
      },
    );
    expect(outcome.kind).toBe('queued');
    expect(seen).toEqual(['checking:0']);
    expect(issueReads() - readsBefore).toBe(1);
    expect(isMember).toHaveBeenCalledTimes(1);
    expect(h.bot.deps.store.refinements.get(record.id)?.state).not.toBe('draft');
  });

  it('answers needs_confirmation when the issue was relabelled meanwhile, and queues only once confirmed', async () => {
    const { record, fingerprint } = await open();
    h.gitlab.issue(PRODUCT, iid)!.labels.push('workflow::in dev');
    const first = await finishRefinement(
      h.bot.deps,
      { ...input(record.id), draft: READY },
      { confirmed: false, fingerprint },
    );
    expect(first).toMatchObject({ kind: 'needs_confirmation', change: { closed: false } });
    expect(first.kind === 'needs_confirmation' && 'labels' in first.change && first.change.labels).toContain(
      'workflow::in dev',
    );
    expect(h.bot.deps.store.refinements.get(record.id)?.state).toBe('draft');
    const readsBefore = issueReads();
    const confirmed = await finishRefinement(h.bot.deps, input(record.id), { confirmed: true });
    expect(confirmed.kind).toBe('queued');
    expect(issueReads()).toBe(readsBefore);
  });

  it('answers not_ready with a message per missing field and keeps what was entered', async () => {
    const { record, fingerprint } = await open();
    const outcome = await finishRefinement(
      h.bot.deps,
      { ...input(record.id), draft: { ...READY, weight: null } },
      { confirmed: false, fingerprint },
    );
    expect(outcome.kind).toBe('not_ready');
    if (outcome.kind === 'not_ready') expect(Object.keys(outcome.errors).sort()).toEqual(['weight']);
    expect(h.bot.deps.store.refinements.get(record.id)?.draft.solution).toBe(READY.solution);
  });

  it('tells a second member it was already finished, and the finisher that it is on its way', async () => {
    const { record, fingerprint } = await open();
    await finishRefinement(
      h.bot.deps,
      { ...input(record.id), draft: READY },
      { confirmed: false, fingerprint },
    );
    expect((await finishRefinement(h.bot.deps, input(record.id, 'UTEAM2'), { confirmed: true })).kind).toBe(
      'already_finished',
    );
    expect((await finishRefinement(h.bot.deps, input(record.id), { confirmed: true })).kind).toBe('queued');
  });

  it('refuses a non-member before saving anything or asking GitLab', async () => {
    const { record, fingerprint } = await open();
    const readsBefore = issueReads();
    const outcome = await finishRefinement(
      h.bot.deps,
      { ...input(record.id, 'UOUT'), draft: { ...READY, goal: 'forged' } },
      { confirmed: false, fingerprint },
    );
    expect(outcome).toEqual({ kind: 'denied', reason: 'not_team_member', action: 'refine.finish' });
    expect(issueReads()).toBe(readsBefore);
    expect(h.bot.deps.store.refinements.get(record.id)?.draft.goal).not.toBe('forged');
  });

  it('answers missing for a checklist that does not exist', async () => {
    expect((await finishRefinement(h.bot.deps, input(999), { confirmed: true })).kind).toBe('missing');
  });
});
