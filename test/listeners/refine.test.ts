import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { dmsTo } from '../helpers/candidates.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import {
  type AnyView,
  finishPayload,
  nextUpdate,
  openChecklist,
  type refineValues,
  saveProgress,
  textOf,
} from '../helpers/refine-form.js';
import { viewSubmissionPayload, waitFor } from '../helpers/slack-request.js';

const blockIds = ids.refine.blocks;
const START_LABELS = [
  'ProdSecEng Candidate',
  'workflow::validation backlog',
  'ProdSecEngMetric::Pending',
  'ProdSecEngPriority::3',
];

const blockOf = (view: AnyView, id: string) => view.blocks.find((b: AnyView) => b.block_id === id);

describe('refinement checklist through HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM,UTEAM2' });
    h.gitlab.seedIssue(PRODUCT, { title: 'Mask CI secrets <!channel>', labels: START_LABELS });
  });
  afterEach(async () => {
    await h.close();
  });

  it('opens, saves, resumes for another member, then Finish writes weight, labels and one note to GitLab', async () => {
    const view = await openChecklist(h, '#1');
    expect(view.callback_id).toBe(ids.refine.callbackId);
    const top = textOf(view.blocks);
    expect(top).toContain('Mask CI secrets &lt;!channel&gt;');
    expect(top).not.toContain('<!channel>');
    expect(top).toContain('ProdSecEngPriority::3');
    expect(blockOf(view, blockIds.priority).element.initial_option.value).toBe('3');
    expect(blockOf(view, blockIds.metric).element.initial_option.value).toBe('Pending');
    expect(blockOf(view, blockIds.weight).element.options.map((o: AnyView) => o.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      'over',
    ]);

    const from = h.slack.views.length;
    await saveProgress(h, view, { goal: 'Partial goal', definitionOfDone: '', weight: null });
    const saved = await nextUpdate(h, view.id, from, 'the saved checklist');
    expect(textOf(saved.blocks)).toContain('Progress saved');
    expect(blockOf(saved, blockIds.goal).element.initial_value).toBe('Partial goal');

    const resumed = await openChecklist(h, `${PRODUCT}#1`, 'UTEAM2');
    expect(textOf(resumed.blocks)).toContain('Resuming the saved checklist');
    expect(blockOf(resumed, blockIds.goal).element.initial_value).toBe('Partial goal');
    expect(JSON.parse(resumed.private_metadata).id).toBe(JSON.parse(view.private_metadata).id);

    const before = h.slack.views.length;
    const res = await h.submitView(finishPayload(resumed, {}, 'UTEAM2'));
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain('Checking');
    expect(textOf((await nextUpdate(h, resumed.id, before)).blocks)).toContain('Writing the refinement');

    const dm = await waitFor(
      () => dmsTo(h, 'UTEAM2').find((m) => m.text?.includes('is in GitLab')),
      5000,
      'DM',
    );
    const issue = h.gitlab.issue(PRODUCT, 1)!;
    expect(issue.weight).toBe(3);
    expect(issue.labels).toEqual(
      expect.arrayContaining([
        'ProdSecEng Candidate',
        'workflow::ready for development',
        'ProdSecEngPriority::1',
        'ProdSecEngMetric::Paved Road',
      ]),
    );
    // Scope replacement: the old values are gone, never both.
    expect(issue.labels.filter((l) => l.startsWith('ProdSecEngPriority::'))).toEqual([
      'ProdSecEngPriority::1',
    ]);
    expect(issue.labels.filter((l) => l.startsWith('workflow::'))).toEqual([
      'workflow::ready for development',
    ]);
    expect(issue.labels).not.toContain('ProdSecEngMetric::Pending');
    const labelPut = h.gitlab.callsMatching('PUT', /issues\/1$/).find((c) => c.body?.add_labels);
    expect(String(labelPut?.body.remove_labels).split(',').sort()).toEqual([
      'ProdSecEngMetric::Pending',
      'ProdSecEngPriority::3',
      'workflow::validation backlog',
    ]);
    const notes = h.gitlab.notes(PRODUCT, 1);
    expect(notes).toHaveLength(1);
    for (const part of [
      'Masked variables cannot be printed',
      'Mask at the runner level',
      'Refined in Slack by',
      'Time spent',
      'UTEAM2',
    ]) {
      expect(notes[0]!.body).toContain(part);
    }
    expect(textOf(dm.blocks ?? [])).toContain('weight set to 3');
    const r = h.bot.deps.store.refinements.listFinishedSince(0);
    expect(r).toEqual([
      expect.objectContaining({ issueRef: `${PRODUCT}#1`, finishedBy: 'UTEAM2', state: 'applied' }),
    ]);
    expect(h.bot.deps.store.audit.forIssue(`${PRODUCT}#1`).map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'refine.finish:queued',
      'refine.apply:applied',
    ]);
  });

  const gates: Array<[string, Parameters<typeof refineValues>[0], string, RegExp]> = [
    [
      'an empty definition of done',
      { definitionOfDone: '  ' },
      blockIds.definitionOfDone,
      /Definition of done is required/,
    ],
    ['no weight', { weight: null }, blockIds.weight, /Weight is required.*1, 2, 3, 4, 5/],
    [
      'a weight bigger than the scale',
      { weight: 'over' },
      blockIds.weight,
      /above 5.*break it down into several issues or an epic/,
    ],
    ['a weight off the scale', { weight: '7' }, blockIds.weight, /above 5.*break it down/],
  ];
  for (const [what, input, block, message] of gates) {
    it(`when Finish is pressed with ${what}, it answers a field error, keeps the checklist and writes nothing`, async () => {
      const view = await openChecklist(h, '#1');
      const res = await h.submitView(finishPayload(view, { ...input, goal: 'kept goal' }));
      expect(res.body.response_action).toBe('errors');
      expect(Object.keys(res.body.errors)).toEqual([block]);
      expect(res.body.errors[block]).toMatch(message);
      await h.idle();
      expect(h.gitlab.callsMatching('PUT', /issues/)).toHaveLength(0);
      expect(h.gitlab.notes(PRODUCT, 1)).toHaveLength(0);
      const draft = h.bot.deps.store.refinements.findDraft(`${PRODUCT}#1`);
      expect(draft?.draft.goal).toBe('kept goal');
    });
  }

  it('when solution validation is needed, it applies workflow::solution validation instead of ready for development', async () => {
    const view = await openChecklist(h, '#1');
    await h.submitView(finishPayload(view, { validation: 'yes', priority: 'none' }));
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
    const issue = h.gitlab.issue(PRODUCT, 1)!;
    expect(issue.labels.filter((l) => l.startsWith('workflow::'))).toEqual(['workflow::solution validation']);
    // "No priority" removes the old one.
    expect(issue.labels.some((l) => l.startsWith('ProdSecEngPriority::'))).toBe(false);
    expect(h.gitlab.notes(PRODUCT, 1)[0]!.body).toContain('Solution validation with other teams**: needed');
  });

  it('member text in the note cannot run GitLab quick actions', async () => {
    const view = await openChecklist(h, '#1');
    await h.submitView(finishPayload(view, { goal: '/close\n/label ~hacked', solution: '  /confidential' }));
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
    expect(h.gitlab.quickActionsExecuted).toHaveLength(0);
    expect(h.gitlab.issue(PRODUCT, 1)!.state).toBe('opened');
    expect(h.gitlab.notes(PRODUCT, 1)[0]!.body).toContain('> /close');
  });

  it('when the issue was relabelled meanwhile, it warns before overwriting, and applies on "Apply anyway"', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.issue(PRODUCT, 1)!.labels.push('workflow::blocked');
    const from = h.slack.views.length;
    await h.submitView(finishPayload(view));
    const confirm = await nextUpdate(h, view.id, from, 'confirmation');
    expect(confirm.callback_id).toBe(ids.refine.confirmCallbackId);
    expect(textOf(confirm.blocks)).toContain('labels changed');
    expect(textOf(confirm.blocks)).toContain('workflow::blocked');
    await h.idle();
    expect(h.gitlab.callsMatching('PUT', /issues/)).toHaveLength(0);

    const res = await h.submitView(
      viewSubmissionPayload({
        callbackId: ids.refine.confirmCallbackId,
        viewId: view.id,
        values: {},
        privateMetadata: confirm.private_metadata,
        userId: 'UTEAM',
      }),
    );
    expect(JSON.stringify(res.body.view)).toContain('Writing the refinement');
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
    expect(h.gitlab.issue(PRODUCT, 1)!.labels.filter((l) => l.startsWith('workflow::'))).toEqual([
      'workflow::ready for development',
    ]);
  });

  it('when the issue was closed meanwhile, the warning says so', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.issue(PRODUCT, 1)!.state = 'closed';
    const from = h.slack.views.length;
    await h.submitView(finishPayload(view));
    const confirm = await nextUpdate(h, view.id, from, 'confirmation');
    expect(textOf(confirm.blocks)).toContain('*closed*');
  });

  it('when GitLab cannot be re-read before applying, it asks instead of applying blindly', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.setDown(true);
    const from = h.slack.views.length;
    await h.submitView(finishPayload(view));
    const confirm = await nextUpdate(h, view.id, from, 'confirmation');
    expect(confirm.callback_id).toBe(ids.refine.confirmCallbackId);
    expect(textOf(confirm.blocks)).toContain('GitLab answered 503');
  });

  it('when GitLab fails mid-apply, it resumes at the failed step and tells the member step by step', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.issue(PRODUCT, 1)!.labels.push('security'); // relabelled: goes through the confirmation
    const from = h.slack.views.length;
    await h.submitView(finishPayload(view));
    const confirm = await nextUpdate(h, view.id, from, 'confirmation');
    // The labels step re-reads the issue: fail that read (and its in-call retries) once.
    h.gitlab.failNext({ method: 'GET', path: /issues\/1$/ }, { status: 503 }, 3);
    await h.submitView(
      viewSubmissionPayload({
        callbackId: ids.refine.confirmCallbackId,
        viewId: view.id,
        values: {},
        privateMetadata: confirm.private_metadata,
        userId: 'UTEAM',
      }),
    );
    const failed = await waitFor(
      () => dmsTo(h, 'UTEAM').find((m) => m.text?.includes('stopped at the labels step')),
      5000,
      'failure DM',
    );
    expect(textOf(failed.blocks ?? [])).toContain('weight set to 3');
    expect(textOf(failed.blocks ?? [])).toContain('retries automatically');
    await waitFor(() => dmsTo(h, 'UTEAM').find((m) => m.text?.includes('is in GitLab')), 5000, 'success DM');
    expect(
      h.gitlab.callsMatching('PUT', /issues\/1$/).filter((c) => c.body?.weight !== undefined),
    ).toHaveLength(1);
    expect(h.gitlab.notes(PRODUCT, 1)).toHaveLength(1);
    expect(h.gitlab.issue(PRODUCT, 1)!.labels).toContain('workflow::ready for development');
  });

  it('when GitLab refuses a step for good, it stops, says what was and was not applied, and the checklist can be finished again', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.failNext({ method: 'POST', path: /notes$/ }, { status: 403 }, 1);
    await h.submitView(finishPayload(view));
    const stopped = await waitFor(
      () => dmsTo(h, 'UTEAM').find((m) => m.text?.includes('stopped at the note step')),
      5000,
      'DM',
    );
    const text = textOf(stopped.blocks ?? []);
    expect(text).toContain('weight set to 3');
    expect(text).toContain('labels applied');
    expect(text).toContain('stopped here');
    expect(h.gitlab.notes(PRODUCT, 1)).toHaveLength(0);
    expect(h.bot.deps.store.refinements.latestFor(`${PRODUCT}#1`)?.state).toBe('failed');
    expect(h.bot.deps.store.audit.forIssue(`${PRODUCT}#1`).at(-1)).toMatchObject({
      action: 'refine.apply',
      outcome: 'failed',
    });

    const again = await openChecklist(h, '#1');
    expect(textOf(again.blocks)).toContain('Resuming');
    expect(blockOf(again, blockIds.definitionOfDone).element.initial_value).toContain('Masked variables');
    await h.submitView(finishPayload(again));
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
  });

  it('flags a refinement open longer than the timebox, and the note shows the time spent', async () => {
    const view = await openChecklist(h, '#1');
    const id = JSON.parse(view.private_metadata).id as number;
    h.bot.deps.store.db
      .prepare('UPDATE refinements SET started_at = ? WHERE id = ?')
      .run(Date.now() - 90 * 60_000, id);
    const from = h.slack.views.length;
    await saveProgress(h, view);
    expect(textOf((await nextUpdate(h, view.id, from)).blocks)).toContain('Over the timebox');
    await h.submitView(finishPayload(view));
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
    expect(h.gitlab.notes(PRODUCT, 1)[0]!.body).toContain(
      'Time spent: 1 h 30 min, over the 60-minute timebox',
    );
    expect(h.bot.deps.store.refinements.listFinishedSince(0)[0]?.minutes).toBe(90);
  });

  it('restarts the clock of a draft nobody saved that was left open past the timebox', async () => {
    const view = await openChecklist(h, '#1');
    const id = JSON.parse(view.private_metadata).id as number;
    h.bot.deps.store.db
      .prepare('UPDATE refinements SET started_at = ? WHERE id = ?')
      .run(Date.now() - 3 * 60 * 60_000, id);
    const again = await openChecklist(h, '#1', 'UTEAM2');
    expect(textOf(again.blocks)).not.toContain('Over the timebox');
    expect(h.bot.deps.store.refinements.get(id)?.startedBy).toBe('UTEAM2');
  });

  it('refuses non-members when they open, save or finish, and audits each attempt', async () => {
    const denied = await openChecklist(h, '#1', 'UOTHER');
    expect(textOf(denied.blocks)).toContain('Only members of the Product Security Engineering team');
    expect(h.gitlab.callsMatching('GET', /issues\/1$/)).toHaveLength(0);

    const view = await openChecklist(h, '#1');
    const from = h.slack.views.length;
    await saveProgress(h, view, { goal: 'forged' }, 'UOTHER');
    expect(textOf((await nextUpdate(h, view.id, from)).blocks)).toContain('Only members');
    const res = await h.submitView(finishPayload(view, {}, 'UOTHER'));
    expect(JSON.stringify(res.body.view)).toContain('Only members');
    await h.idle();
    expect(h.gitlab.callsMatching('PUT', /issues/)).toHaveLength(0);
    expect(h.bot.deps.store.refinements.findDraft(`${PRODUCT}#1`)?.draft.goal).toBe('');
    const audit = h.bot.deps.store.audit.all().filter((a) => a.outcome === 'denied');
    expect(audit.map((a) => `${a.actor}:${a.action}`)).toEqual([
      'UOTHER:refine.open',
      'UOTHER:refine.save',
      'UOTHER:refine.finish',
    ]);
  });

  it('the Refine button opens the checklist of the issue in its value', async () => {
    await h.action({ actionId: ids.refine.openButton, value: `${PRODUCT}#1`, userId: 'UTEAM' });
    const update = await waitFor(() => h.slack.views.find((v) => v.kind === 'update'), 5000, 'checklist');
    expect(update.view.callback_id).toBe(ids.refine.callbackId);
    expect(h.slack.callsTo('views.open')[0]?.status).toBe(200);
  });

  it('the Refine button answers privately when its value is not an issue or the modal cannot open', async () => {
    await h.action({ actionId: ids.refine.openButton, value: 'garbage', userId: 'UTEAM' });
    await waitFor(
      () => h.slack.responses.find((r) => String(r.body.text).includes('does not point at a GitLab issue')),
      5000,
      'bad value',
    );
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await h.action({ actionId: ids.refine.openButton, value: `${PRODUCT}#1`, userId: 'UTEAM' });
    await waitFor(
      () => h.slack.responses.find((r) => String(r.body.text).includes('did not open')),
      5000,
      'failure',
    );
    expect(h.bot.deps.store.refinements.latestFor(`${PRODUCT}#1`)).toBeUndefined();
  });

  it('"Apply anyway" from a non-member applies nothing', async () => {
    const view = await openChecklist(h, '#1');
    h.gitlab.issue(PRODUCT, 1)!.labels.push('security');
    const from = h.slack.views.length;
    await h.submitView(finishPayload(view));
    const confirm = await nextUpdate(h, view.id, from, 'confirmation');
    const res = await h.submitView(
      viewSubmissionPayload({
        callbackId: ids.refine.confirmCallbackId,
        viewId: view.id,
        values: {},
        privateMetadata: confirm.private_metadata,
        userId: 'UOTHER',
      }),
    );
    expect(JSON.stringify(res.body.view)).toContain('Only members');
    await h.idle();
    expect(h.gitlab.callsMatching('PUT', /issues/)).toHaveLength(0);
    expect(h.bot.deps.store.refinements.findDraft(`${PRODUCT}#1`)).toBeDefined();
  });

  it('answers a usage line for a bad reference, and a notice for a missing issue or GitLab down', async () => {
    const bad = await h.command('refine not-an-issue', { user: 'UTEAM' });
    expect(bad.body.text).toMatch(/Usage: `\/prodsec refine <issue>`/);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);

    expect(textOf((await openChecklist(h, '#999')).blocks)).toContain(
      'cannot be found or is not available to the bot',
    );
    h.gitlab.setDown(true);
    expect(textOf((await openChecklist(h, '#1')).blocks)).toContain('GitLab is not answering');
  });

  it('refuses to refine a closed issue', async () => {
    h.gitlab.issue(PRODUCT, 1)!.state = 'closed';
    expect(textOf((await openChecklist(h, '#1')).blocks)).toContain('is closed');
    expect(h.bot.deps.store.refinements.latestFor(`${PRODUCT}#1`)).toBeUndefined();
  });
});
