import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { decodeIntakeState, intakeFieldBlockId } from '../../../src/slack/views/intake-state.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { intakeSubmission } from '../../helpers/intake-form.js';
import { EVERY_FIELD_KIND, policyFile } from '../../helpers/policy-file.js';
import { viewSubmissionPayload, waitFor } from '../../helpers/slack-request.js';

const intakeIds = ids.intake;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const shared = {
  problem: 'AppSec triages every scanner finding by hand.',
  currentProcess: 'Two engineers, two hours a day.',
  desiredOutcome: 'Findings are routed automatically.',
  definitionOfDone: 'A bot routes 90% of findings.',
  requestingTeam: 'AppSec',
  links: 'https://example.com/doc',
};

describe('typed request intake through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const types = () => h.bot.deps.taxonomy.requestTypes;

  it('/prodsec request review opens the form of that type; an unknown type answers with the list', async () => {
    h = await startHarness();
    await h.command('request review');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'views.open');
    const view = open.args.view as { callback_id: string; blocks: Array<{ block_id?: string }> };
    expect(view.callback_id).toBe(intakeIds.callbackId);
    const blocks = view.blocks.map((b) => b.block_id);
    expect(blocks).toContain(intakeFieldBlockId('mergeRequests'));
    expect(blocks).toContain(intakeFieldBlockId('neededBy'));

    const res = await h.command('request threat-model');
    expect(res.body.text).toContain('There is no request type');
    for (const id of ['automation', 'product', 'review', 'support'])
      expect(res.body.text).toContain(`\`${id}\``);
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
  });

  it('/prodsec request with no type opens the type picker only', async () => {
    h = await startHarness();
    await h.command('request');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'views.open');
    const view = open.args.view as { callback_id: string; blocks: Array<{ block_id?: string }> };
    expect(view.callback_id).toBe(intakeIds.callbackId);
    expect(view.blocks.map((b) => b.block_id)).toContain(intakeIds.blocks.type);
    expect(view.blocks.map((b) => b.block_id)).not.toContain(intakeIds.blocks.title);
  });

  it('an automation request files in the internal project exactly as before types', async () => {
    h = await startHarness();
    const res = await h.submitView(
      intakeSubmission(types(), 'automation', { title: 'Automate triage', confidential: true, ...shared }),
    );
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain('R-1');
    await waitFor(() => h.slack.messages.find((m) => m.text?.includes('filed')), 5000, 'DM');
    const [issue] = h.gitlab.issues(INTERNAL);
    expect(issue?.title).toBe('Automate triage');
    expect(issue?.confidential).toBe(true);
    expect(issue?.labels).toEqual(
      expect.arrayContaining([
        'ProdSecEng Candidate',
        'workflow::validation backlog',
        'ProdSecEngMetric::Pending',
      ]),
    );
    for (const heading of ['## Problem', '## Current manual process and its cost', '## Links'])
      expect(issue?.description).toContain(heading);
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
    const saved = h.bot.deps.store.requests.get(1);
    expect(saved?.typeId).toBe('automation');
    expect(saved?.typed?.values.problem).toBe(shared.problem);
  });

  it('an automation request without the manual process gets the field error; a product one does not need it', async () => {
    h = await startHarness();
    const bad = await h.submitView(
      intakeSubmission(types(), 'automation', { title: 'x', ...shared, currentProcess: '' }),
    );
    expect(bad.body.response_action).toBe('errors');
    expect(bad.body.errors[intakeFieldBlockId('currentProcess')]).toMatch(/manual process/);
    const ok = await h.submitView(
      intakeSubmission(types(), 'product', { title: 'Paved road', ...shared, currentProcess: '' }),
    );
    expect(ok.body.response_action).toBe('update');
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'product issue');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
  });

  it('a code review files with the review label, the MR links and the due date; a redelivery files nothing more', async () => {
    h = await startHarness();
    h.gitlab.seedMergeRequest(PRODUCT, { iid: 42 });
    h.gitlab.seedMergeRequest(INTERNAL, { iid: 7 });
    const mr = `${h.env.GITLAB_URL}/gitlab-org/product/-/merge_requests/42`;
    const payload = intakeSubmission(
      types(),
      'review',
      {
        title: 'Review the login rewrite',
        mergeRequests: `${mr}\nsec/internal-tools!7`,
        changes: 'Rewrites session handling.',
        boundary: 'Session cookies.',
        neededBy: day(10),
      },
      { viewId: 'VREVIEW' },
    );
    const res = await h.submitView(payload);
    expect(res.body.response_action).toBe('update');
    await h.submitView(payload);
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'review issue');
    await h.idle();
    const issues = h.gitlab.issues(PRODUCT);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.labels).toContain('security review');
    expect(issue.confidential).toBe(true);
    expect(issue.due_date).toBe(day(10));
    expect(issue.description).toContain('## Merge requests to review');
    expect(issue.description).toContain(`gitlab-org/product!42: <${mr}>`);
    expect(issue.description).toContain('sec/internal-tools!7');
  });

  it('a code review refuses an MR outside the scope, a past date and no MR at all', async () => {
    h = await startHarness();
    const base = { title: 'Review', changes: 'c', boundary: 'b', neededBy: day(5) };
    const outside = await h.submitView(
      intakeSubmission(types(), 'review', { ...base, mergeRequests: 'other-org/app!3' }),
    );
    expect(outside.body.errors[intakeFieldBlockId('mergeRequests')]).toMatch(/outside the projects/);
    const past = await h.submitView(
      intakeSubmission(types(), 'review', {
        ...base,
        mergeRequests: 'gitlab-org/product!1',
        neededBy: day(-3),
      }),
    );
    expect(past.body.errors[intakeFieldBlockId('neededBy')]).toMatch(/past/);
    const none = await h.submitView(intakeSubmission(types(), 'review', { ...base, mergeRequests: '' }));
    expect(none.body.errors[intakeFieldBlockId('mergeRequests')]).toMatch(/merge request/);
    const untitled = await h.submitView(
      intakeSubmission(types(), 'review', { ...base, title: ' ', mergeRequests: 'gitlab-org/product!1' }),
    );
    expect(untitled.body.errors[intakeIds.blocks.title]).toMatch(/title/);
    await h.idle();
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
  });

  it('a custom type from the policy file, with a field of every kind, files into its own project', async () => {
    const file = policyFile(`requestTypes:
  - id: threat-model
    name: Threat model review
    description: We review the design of a new feature before it is built.
    target: sec/threat-models
    labels: [threat model]
    confidential: false
    dueDateField: due
${EVERY_FIELD_KIND}  - { id: review }
`);
    h = await startHarness({ PRODSEC_POLICY_FILE: file });
    h.gitlab.addProject({ path_with_namespace: 'sec/threat-models' });
    h.gitlab.seedMergeRequest(PRODUCT, { iid: 9 });
    expect(types().map((t) => t.id)).toEqual(['threat-model', 'review']);
    const res = await h.submitView(
      intakeSubmission(types(), 'threat-model', {
        title: 'Threat model for exports',
        summary: 'Exports',
        design: 'A CSV export of all projects.',
        spec: 'https://example.com/spec',
        docs: 'https://example.com/a https://example.com/b',
        tier: 'red',
        due: day(3),
        people: ['U0002', 'U0003'],
        mrs: 'gitlab-org/product!9',
      }),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.response_action).toBe('update');
    await waitFor(() => h.gitlab.issues('sec/threat-models').length === 1, 5000, 'custom issue');
    const issue = h.gitlab.issues('sec/threat-models')[0]!;
    expect(issue.labels).toContain('threat model');
    expect(issue.confidential).toBe(false);
    expect(issue.due_date).toBe(day(3));
    for (const part of [
      '## Feature name',
      '## What is being built',
      '<https://example.com/spec>',
      '- <https://example.com/b>',
      'Red data',
      '- Slack user U0003',
      'gitlab-org/product!9',
    ])
      expect(issue.description).toContain(part);
    const bad = await h.submitView(intakeSubmission(types(), 'threat-model', { title: 't', tier: 'blue' }));
    expect(Object.keys(bad.body.errors)).toEqual(
      expect.arrayContaining([
        intakeFieldBlockId('summary'),
        intakeFieldBlockId('tier'),
        intakeFieldBlockId('due'),
      ]),
    );
  });
});

describe('support questions through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('a support question is posted once to SUPPORT_CHANNEL, tracked open, and the asker told where; no issue is filed', async () => {
    h = await startHarness({ SUPPORT_CHANNEL: 'CSUPPORT' });
    const payload = intakeSubmission(
      h.bot.deps.taxonomy.requestTypes,
      'support',
      { question: 'How do we rotate the signing key?', context: 'We ship a CLI.' },
      { viewId: 'VSUPPORT', userId: 'U7' },
    );
    const res = await h.submitView(payload);
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain('Q-1');
    await h.submitView(payload);
    const post = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'CSUPPORT'),
      5000,
      'support post',
    );
    expect(post.text).toContain('Q-1');
    expect(JSON.stringify(post.blocks)).toContain('How do we rotate the signing key?');
    expect(JSON.stringify(post.blocks)).toContain(ids.support.answered);
    await waitFor(
      () => h.slack.messages.find((m) => m.text?.includes('Your support question Q-1')),
      5000,
      'told',
    );
    await h.idle();
    expect(h.slack.messages.filter((m) => m.channel === 'CSUPPORT')).toHaveLength(1);
    const q = h.bot.deps.store.support.get(1);
    expect(q?.state).toBe('open');
    expect(q?.askerId).toBe('U7');
    expect(q?.messageTs).toBe(post.ts);
    expect(h.gitlab.issues()).toHaveLength(0);
    expect(h.bot.deps.store.requests.get(1)).toBeUndefined();
  });

  it('without SUPPORT_CHANNEL the form says so and nothing is saved', async () => {
    h = await startHarness();
    const res = await h.submitView(
      intakeSubmission(h.bot.deps.taxonomy.requestTypes, 'support', { question: 'Q?' }),
    );
    expect(res.body.errors[intakeIds.blocks.type]).toMatch(/SUPPORT_CHANNEL/);
    expect(h.bot.deps.store.support.get(1)).toBeUndefined();
  });
});

describe('support questions answered through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function ask() {
    await h.submitView(
      intakeSubmission(
        h.bot.deps.taxonomy.requestTypes,
        'support',
        { question: 'Which scanner?' },
        { userId: 'U7' },
      ),
    );
    return waitFor(() => h.bot.deps.store.support.get(1)?.messageTs, 5000, 'posted');
  }
  const answerSubmission = (userId: string, link: string) =>
    viewSubmissionPayload({
      callbackId: ids.support.answerCallbackId,
      viewId: `VANS${Math.random().toString(36).slice(2, 8)}`,
      userId,
      privateMetadata: JSON.stringify({ ref: 'Q-1' }),
      values: {
        [ids.support.blocks.answerLink]: { [ids.support.action]: { type: 'url_text_input', value: link } },
      },
    });

  it('a team member presses Answered, gives the link; the post shows it answered and the asker is told', async () => {
    h = await startHarness({ SUPPORT_CHANNEL: 'CSUPPORT', TEAM_SLACK_USER_IDS: 'UTEAM' });
    const ts = await ask();
    await h.action({
      actionId: ids.support.answered,
      value: 'Q-1',
      userId: 'UTEAM',
      channelId: 'CSUPPORT',
      messageTs: ts,
    });
    const open = await waitFor(
      () =>
        h.slack.views.find((v) => v.kind === 'open' && v.view.callback_id === ids.support.answerCallbackId),
      3000,
      'answer modal',
    );
    expect(open.view.title.text).toContain('Q-1');

    const bad = await h.submitView(answerSubmission('UTEAM', 'not a link'));
    expect(bad.body.errors[ids.support.blocks.answerLink]).toMatch(/link/);
    const res = await h.submitView(answerSubmission('UTEAM', 'https://example.slack.com/archives/C/p1'));
    expect(res.status).toBe(200);
    expect(res.body?.response_action).toBeUndefined();
    const told = await waitFor(
      () => h.slack.messages.find((m) => m.text?.includes('Your support question Q-1 is answered')),
      5000,
      'asker told',
    );
    expect(told.text).toContain('https://example.slack.com/archives/C/p1');
    expect(h.bot.deps.store.support.get(1)?.state).toBe('answered');
    expect(h.bot.deps.store.support.get(1)?.answeredBy).toBe('UTEAM');
    await waitFor(() => h.slack.callsTo('chat.update').length > 0, 5000, 'post updated');
    expect(JSON.stringify(h.slack.callsTo('chat.update')[0]?.args)).toContain('Answered by');
    // A second Answered changes nothing and tells no one again.
    await h.submitView(answerSubmission('UTEAM', 'https://example.com/other'));
    await h.idle();
    expect(h.slack.messages.filter((m) => m.text?.includes('is answered'))).toHaveLength(1);
  });

  it('someone outside the team is refused and the question stays open', async () => {
    h = await startHarness({ SUPPORT_CHANNEL: 'CSUPPORT', TEAM_SLACK_USER_IDS: 'UTEAM' });
    await ask();
    const res = await h.submitView(answerSubmission('U9', 'https://example.com/a'));
    expect(res.body.errors[ids.support.blocks.answerLink]).toMatch(/Only the team/);
    expect(h.bot.deps.store.support.get(1)?.state).toBe('open');
    await h.action({ actionId: ids.support.answered, value: 'Q-1', userId: 'U9', channelId: 'CSUPPORT' });
    await h.idle();
    expect(h.slack.views.filter((v) => v.view.callback_id === ids.support.answerCallbackId)).toHaveLength(0);
  });
});

describe('support questions converted through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('Convert to issue opens the form prefilled; filing it links the thread, marks it converted and tells the asker', async () => {
    h = await startHarness({ SUPPORT_CHANNEL: 'CSUPPORT', TEAM_SLACK_USER_IDS: 'UTEAM' });
    const types = h.bot.deps.taxonomy.requestTypes;
    await h.submitView(
      intakeSubmission(
        types,
        'support',
        { question: 'Can we scan containers?\nWe ship images.', context: 'CI' },
        { userId: 'U7' },
      ),
    );
    const ts = await waitFor(() => h.bot.deps.store.support.get(1)?.messageTs, 5000, 'posted');
    await h.action({
      actionId: ids.support.convert,
      value: 'Q-1',
      userId: 'UTEAM',
      channelId: 'CSUPPORT',
      messageTs: ts,
    });
    const open = await waitFor(
      () => h.slack.views.find((v) => v.kind === 'open' && v.view.callback_id === intakeIds.callbackId),
      3000,
      'convert form',
    );
    const state = decodeIntakeState(open.view.private_metadata);
    expect(state.supportRef).toBe('Q-1');
    expect(JSON.stringify(open.view.blocks)).toContain('Can we scan containers?');

    const submission = intakeSubmission(
      types,
      'product',
      { title: 'Container scanning', ...shared },
      { userId: 'UTEAM' },
    );
    (submission.view as { private_metadata: string }).private_metadata = open.view.private_metadata;
    const res = await h.submitView(submission);
    expect(res.body.response_action).toBe('update');
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'issue');
    const issue = h.gitlab.issues(PRODUCT)[0]!;
    const permalink = h.bot.deps.store.support.get(1)?.permalink;
    expect(permalink).toBeTruthy();
    expect(issue.description).toContain('## Support thread');
    expect(issue.description).toContain(String(permalink));
    expect(h.bot.deps.store.support.get(1)?.state).toBe('converted');
    expect(h.bot.deps.store.requests.get(1)?.requesterId).toBe('U7');
    await waitFor(
      () => h.slack.messages.find((m) => m.text?.includes('Your support question Q-1 became request R-1')),
      5000,
      'told',
    );

    // Someone outside the team cannot convert.
    const other = intakeSubmission(types, 'product', { title: 'x', ...shared }, { userId: 'U9' });
    (other.view as { private_metadata: string }).private_metadata = open.view.private_metadata;
    const refused = await h.submitView(other);
    expect(refused.body.errors[intakeIds.blocks.type]).toMatch(/Only the team/);
  });
});
