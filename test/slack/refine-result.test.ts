import { describe, expect, it } from 'vitest';
import { taxonomySchema } from '../../src/domain/taxonomy.js';
import { GitLabError } from '../../src/gitlab/errors.js';
import { ids } from '../../src/slack/ids.js';
import { buildRefineFieldErrors, buildRefineResultView } from '../../src/slack/views/refine-result.js';
import type { RefinementRecord } from '../../src/store/refinements-repo.js';
import type { RefinementOutcome } from '../../src/use-cases/refine.js';

const record: RefinementRecord = {
  id: 7,
  issueRef: 'g/p#1',
  project: '42',
  iid: 1,
  issueUrl: 'https://gitlab.example/g/p/-/issues/1',
  title: 'Mask <secrets>',
  labels: ['ProdSecEng Candidate'],
  state: 'draft',
  draft: {
    goal: '',
    definitionOfDone: '',
    breakdown: null,
    breakdownNote: '',
    solution: '',
    needsSolutionValidation: null,
    weight: null,
    priority: null,
    metric: null,
  },
  startedBy: 'UTEAM',
  startedAt: 0,
  savedBy: null,
  savedAt: null,
  finishedBy: 'UOTHER',
  finishedByName: 'other',
  finishedAt: null,
  appliedAt: null,
  steps: {},
  failedStep: null,
  lastError: null,
};
const ctx = { taxonomy: taxonomySchema.parse({}), now: 60_000 };
const view = (o: RefinementOutcome) => buildRefineResultView(o, ctx);
const text = (o: RefinementOutcome) => JSON.stringify(view(o).blocks);

describe('buildRefineResultView', () => {
  it('draws the checklist with its metadata and the notice for how it was reached', () => {
    const saved = view({ kind: 'checklist', record, fingerprint: 'abc', notice: 'saved' });
    expect(saved.callback_id).toBe(ids.refine.callbackId);
    expect(JSON.parse(saved.private_metadata ?? '')).toEqual({ id: 7, labelsFingerprint: 'abc' });
    expect(JSON.stringify(saved.blocks)).toContain('Progress saved');
    expect(text({ kind: 'checklist', record, fingerprint: 'abc', notice: 'resumed' })).toContain('Resuming');
    expect(text({ kind: 'checklist', record, fingerprint: 'abc', notice: 'new' })).not.toMatch(
      /Resuming|saved/,
    );
  });

  it('renders a refusal with the one refusal builder, and nothing to submit', () => {
    const refused = view({ kind: 'denied', reason: 'not_team_member', action: 'refine.finish' });
    expect(refused.submit).toBeUndefined();
    expect(JSON.stringify(refused.blocks)).toContain('Only members of the Product Security Engineering team');
  });

  it('asks before overwriting a changed issue, naming the change, with Apply anyway', () => {
    const asked = view({
      kind: 'needs_confirmation',
      record,
      change: { closed: true, labels: ['workflow::in dev'] },
    });
    expect(asked.callback_id).toBe(ids.refine.confirmCallbackId);
    expect(JSON.parse(asked.private_metadata ?? '')).toEqual({ id: 7 });
    expect(JSON.stringify(asked.blocks)).toMatch(/closed.*workflow::in dev/);
  });

  it('says which GitLab failure stopped the re-read, without details of the request', () => {
    const cause = new GitLabError('http', 'GET', '/projects/42/issues/1', 503, 'down');
    const asked = text({
      kind: 'needs_confirmation',
      record,
      change: { closed: false, labels: null, cause },
    });
    expect(asked).toContain('GitLab answered 503');
    expect(asked).not.toContain('/projects/42');
  });

  it.each([
    [{ kind: 'missing' }, /no longer exists/],
    [{ kind: 'unavailable', issueRef: 'g/p#1', problem: 'closed', cause: null }, /is closed/],
    [
      { kind: 'unavailable', issueRef: 'g/p#1', problem: 'not_found', cause: null },
      /cannot be found or is not available/,
    ],
    [{ kind: 'not_ready', errors: { weight: 'Pick a weight' } }, /no longer meets the definition of ready/],
    [{ kind: 'checking', record }, /Checking that/],
    [{ kind: 'already_finished', record }, /already finished by <@UOTHER>/],
    [{ kind: 'queued', record }, /Writing the refinement/],
  ] as Array<[RefinementOutcome, RegExp]>)('draws %j as a notice matching %s', (outcome, expected) => {
    expect(text(outcome)).toMatch(expected);
  });
});

describe('buildRefineFieldErrors', () => {
  it('puts each message on its field’s block', () => {
    expect(buildRefineFieldErrors({ weight: 'Pick a weight', goal: 'Say the goal' })).toEqual({
      [ids.refine.blocks.weight]: 'Pick a weight',
      [ids.refine.blocks.goal]: 'Say the goal',
    });
  });
});
