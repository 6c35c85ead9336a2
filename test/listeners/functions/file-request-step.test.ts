import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { EVERY_FIELD_KIND, policyFile } from '../../helpers/policy-file.js';
import { waitFor } from '../../helpers/slack-request.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const automation = {
  request_type: 'automation',
  requester: 'U0REQ0001',
  title: 'Automate scanner triage',
  problem: 'AppSec triages every scanner finding by hand.',
  current_process: 'Two engineers, two hours a day.',
  desired_outcome: 'Findings are routed automatically.',
  definition_of_done: 'A bot routes 90% of findings.',
  requesting_team: 'AppSec',
  links: 'https://example.com/doc',
};

/** A policy file with one custom type holding a field of every kind, filed into the product project. */
function threatModelPolicy(): string {
  return policyFile(`requestTypes:
  - id: threat-model
    name: Threat model review
    description: We review the design of a new feature before it is built.
    target: product
    labels: [threat model, design]
    confidential: true
    dueDateField: due
${EVERY_FIELD_KIND}  - { id: automation }
`);
}

const threatModelFields = {
  summary: 'CSV exports',
  design: 'A CSV export of every project.',
  spec: 'https://example.com/spec',
  docs: ['https://example.com/a', 'https://example.com/b'],
  tier: 'red',
  due: day(4),
  people: ['U0PEER001', 'U0PEER002'],
  mrs: 'gitlab-org/product!9',
};

const threatModel = (fields: Record<string, unknown>) => ({
  request_type: 'threat-model',
  requester: 'U0REQ0001',
  title: 'Threat model for exports',
  fields_json: JSON.stringify(fields),
});

/** `function_executed` exactly as Slack sends it for a run of the step (docs.slack.dev events reference). */
function functionExecuted(run: { function_execution_id: string; bot_access_token: string }, inputs: object) {
  return {
    type: 'function_executed',
    function: {
      id: 'Fn0FILEREQ01',
      callback_id: ids.intake.workflowStep,
      title: 'File a ProdSec request',
      description: 'Files a request with Product Security Engineering',
      type: 'app',
      input_parameters: [{ type: 'string', name: 'request_type', title: 'Request type', is_required: true }],
      output_parameters: [
        { type: 'string', name: 'request_id', title: 'Request id', is_required: true },
        { type: 'string', name: 'issue_url', title: 'Issue URL', is_required: true },
      ],
      app_id: 'A1',
      date_created: 1694727597,
      date_updated: 1698947481,
      date_deleted: 0,
    },
    inputs,
    function_execution_id: run.function_execution_id,
    workflow_execution_id: 'Wx0LAUNCH001',
    event_ts: String(Date.now() / 1000),
    bot_access_token: run.bot_access_token,
  };
}

describe('the Workflow Builder step "File a ProdSec request" through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const start = () => h.slack.startFunctionExecution({ requiredOutputs: ['request_id', 'issue_url'] });
  /** The step's execution once it has `state` (completed through completeSuccess, failed through completeError). */
  const ended = (run: { function_execution_id: string }, state: 'completed' | 'failed', timeoutMs = 5000) =>
    waitFor(
      () => {
        const execution = h.slack.functionExecutions.get(run.function_execution_id);
        return execution?.state === state && execution;
      },
      timeoutMs,
      state === 'completed' ? 'completeSuccess' : 'completeError',
    );
  const completions = () => [
    ...h.slack.callsTo('functions.completeSuccess'),
    ...h.slack.callsTo('functions.completeError'),
  ];

  it('files the request like the form, then completes the step with the request id and the issue URL', async () => {
    h = await startHarness();
    const run = start();
    const res = await h.event(functionExecuted(run, automation));
    expect(res.status).toBe(200);
    const execution = await ended(run, 'completed');
    const [issue] = h.gitlab.issues(INTERNAL);
    expect(issue?.title).toBe('Automate scanner triage');
    expect(issue?.description).toContain('## Current manual process and its cost');
    const saved = h.bot.deps.store.requests.get(1);
    expect(saved?.typeId).toBe('automation');
    expect(saved?.sourceKey).toBe(`workflow:${run.function_execution_id}`);
    expect(execution.outputs).toEqual({ request_id: saved?.ref, issue_url: issue?.web_url });
    expect(saved?.ref).toBe('R-1');
    // The requester hears it was filed, as with the form.
    await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'D0REQ0001' && m.text?.includes('filed')),
      5000,
      'DM',
    );
    await h.idle();
    const calls = completions();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.token).toBe('xoxb-test-token');
    expect(h.bot.deps.store.workflowSteps.get(run.function_execution_id)?.state).toBe('completed');
  });

  it('a code review from a workflow files with the MR links and due date', async () => {
    h = await startHarness();
    h.gitlab.seedMergeRequest(PRODUCT, { iid: 42 });
    const run = start();
    await h.event(
      functionExecuted(run, {
        request_type: 'review',
        requester: 'U0REQ0002',
        title: 'Review the login rewrite',
        merge_requests: 'gitlab-org/product!42',
        changes: 'Rewrites session handling.',
        boundary: 'Session cookies.',
        needed_by: day(10),
      }),
    );
    await ended(run, 'completed');
    const [issue] = h.gitlab.issues(PRODUCT);
    expect(issue?.description).toContain('gitlab-org/product!42');
    expect(issue?.due_date).toBe(day(10));
    expect(h.slack.functionExecutions.get(run.function_execution_id)?.outputs?.issue_url).toBe(
      issue?.web_url,
    );
  });

  it('a custom policy type with a field of every kind files from fields_json into its project, then completes the step', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: threatModelPolicy() });
    const mr = h.gitlab.seedMergeRequest(PRODUCT, { iid: 9 });
    const run = start();
    await h.event(functionExecuted(run, threatModel(threatModelFields)));
    const execution = await ended(run, 'completed');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
    const issues = h.gitlab.issues(PRODUCT);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toBe('Threat model for exports');
    expect(issue.labels).toEqual(expect.arrayContaining(['threat model', 'design']));
    expect(issue.confidential).toBe(true);
    expect(issue.due_date).toBe(day(4));
    for (const part of [
      '## Feature name\n\nCSV exports\n',
      '## What is being built\n\nA CSV export of every project.\n',
      '## Spec\n\n<https://example.com/spec>\n',
      '## Design documents\n\n- <https://example.com/a>\n- <https://example.com/b>\n',
      // The option's label, not its value.
      '## Data tier\n\nRed data\n',
      `## Needed by\n\n${day(4)}\n`,
      '## Engineers\n\n- Slack user U0PEER001\n- Slack user U0PEER002\n',
      `## Prototype MRs\n\n- gitlab-org/product!9: <${mr.web_url}>\n`,
    ])
      expect(issue.description).toContain(part);
    const saved = h.bot.deps.store.requests.get(1);
    expect(saved?.typeId).toBe('threat-model');
    expect(saved?.project).toBe(PRODUCT);
    expect(execution.outputs).toEqual({ request_id: 'R-1', issue_url: issue.web_url });
    const calls = completions();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('functions.completeSuccess');
  });

  it.each([
    [
      'a required custom field left out',
      { ...threatModelFields, design: undefined },
      /What is being built: /,
    ],
    ['a select value that is not an option', { ...threatModelFields, tier: 'blue' }, /Data tier: .*options/],
  ])(
    'a custom type with %s fails the step naming the field, and files nothing',
    async (_name, fields, error) => {
      h = await startHarness({ PRODSEC_POLICY_FILE: threatModelPolicy() });
      h.gitlab.seedMergeRequest(PRODUCT, { iid: 9 });
      const run = start();
      await h.event(functionExecuted(run, threatModel(fields)));
      const execution = await ended(run, 'failed');
      expect(execution.error).toMatch(error);
      // Only the bad field is named: the others were given correctly.
      expect(execution.error).not.toMatch(/Feature name|Needed by|Prototype MRs/);
      await h.idle();
      expect(h.bot.deps.store.requests.listByRequester('U0REQ0001')).toHaveLength(0);
      expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
      expect(h.slack.callsTo('functions.completeSuccess')).toHaveLength(0);
      expect(h.slack.callsTo('functions.completeError')).toHaveLength(1);
    },
  );

  it.each([
    [
      'an unknown type',
      { ...automation, request_type: 'threat-model' },
      /Unknown request type "threat-model".*automation/,
    ],
    [
      'a missing required field',
      { ...automation, current_process: '' },
      /Current manual process and its cost: /,
    ],
    [
      'an MR outside the scope',
      {
        request_type: 'review',
        requester: 'U0REQ0001',
        title: 'Review',
        merge_requests: 'other-org/app!3',
        changes: 'c',
        boundary: 'b',
        needed_by: day(5),
      },
      /Merge request.*outside the projects/i,
    ],
    [
      'an MR that GitLab does not have',
      {
        request_type: 'review',
        requester: 'U0REQ0001',
        title: 'Review',
        merge_requests: 'gitlab-org/product!404',
        changes: 'c',
        boundary: 'b',
        needed_by: day(5),
      },
      /product!404 was not found in GitLab/,
    ],
    [
      'a date in the past',
      {
        request_type: 'review',
        requester: 'U0REQ0001',
        title: 'Review',
        merge_requests: 'gitlab-org/product!1',
        changes: 'c',
        boundary: 'b',
        needed_by: day(-3),
      },
      /Needed by: .*past/,
    ],
    [
      'a bad date',
      {
        request_type: 'review',
        requester: 'U0REQ0001',
        title: 'R',
        merge_requests: 'gitlab-org/product!1',
        changes: 'c',
        boundary: 'b',
        needed_by: 'next week',
      },
      /Needed by: /,
    ],
    ['a requester who is not a user', { ...automation, requester: 'C123' }, /requester must be a Slack user/],
  ])('fails the step with a readable error and files nothing for %s', async (_name, inputs, error) => {
    h = await startHarness();
    const run = start();
    await h.event(functionExecuted(run, inputs));
    const execution = await ended(run, 'failed');
    expect(execution.error).toMatch(error);
    await h.idle();
    expect(h.bot.deps.store.requests.listByRequester('U0REQ0001')).toHaveLength(0);
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
    expect(h.slack.callsTo('functions.completeSuccess')).toHaveLength(0);
    expect(h.slack.callsTo('functions.completeError')).toHaveLength(1);
  });

  it('while GitLab is down the request is saved, then filed exactly once and the step completed once', async () => {
    h = await startHarness();
    h.gitlab.setDown(true);
    const run = start();
    await h.event(functionExecuted(run, automation));
    await waitFor(() => h.bot.deps.store.requests.get(1)?.status === 'retrying', 5000, 'retrying');
    expect(completions()).toHaveLength(0);
    expect(h.slack.functionExecutions.get(run.function_execution_id)?.state).toBe('running');
    h.gitlab.setDown(false);
    await ended(run, 'completed', 8000);
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(completions()).toHaveLength(1);
    expect(h.slack.functionExecutions.get(run.function_execution_id)?.outputs?.issue_url).toBe(
      h.gitlab.issues(INTERNAL)[0]?.web_url,
    );
  });

  it('when filing gives up for good, the step fails with a readable error', async () => {
    h = await startHarness();
    h.gitlab.forbiddenProjects.add(INTERNAL);
    const run = start();
    await h.event(functionExecuted(run, automation));
    const execution = await ended(run, 'failed');
    expect(execution.error).toMatch(/^R-1 could not be filed in GitLab \(GitLab answered 403\)/);
    expect(h.bot.deps.store.requests.get(1)?.status).toBe('failed');
    await h.idle();
    expect(h.slack.callsTo('functions.completeSuccess')).toHaveLength(0);
  });

  it('a redelivered event (same event_id, Slack retry headers) saves one request and completes once', async () => {
    h = await startHarness();
    const run = start();
    const event = functionExecuted(run, automation);
    await h.event(event, { eventId: 'Ev0WORKFLOW1' });
    await h.event(event, {
      eventId: 'Ev0WORKFLOW1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    // Even a copy under another event id is the same execution: still one request.
    await h.event(event, { eventId: 'Ev0WORKFLOW2' });
    await ended(run, 'completed');
    await h.idle();
    expect(h.bot.deps.store.requests.listByRequester('U0REQ0001')).toHaveLength(1);
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(completions()).toHaveLength(1);
  });

  it('a support question completes once it is posted, with its id and thread link', async () => {
    h = await startHarness({ SUPPORT_CHANNEL: 'CSUPPORT' });
    const run = start();
    await h.event(
      functionExecuted(run, {
        request_type: 'support',
        requester: 'U0REQ0003',
        question: 'Is it fine to log request ids?',
        context: 'The payments service.',
      }),
    );
    const execution = await ended(run, 'completed');
    const post = h.slack.messages.find((m) => m.channel === 'CSUPPORT');
    expect(post).toBeDefined();
    expect(execution.outputs).toEqual({
      request_id: 'Q-1',
      issue_url: `https://example.slack.com/archives/CSUPPORT/p${post?.ts.replace('.', '')}`,
    });
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
  });

  it('without SUPPORT_CHANNEL a support question fails the step and nothing is saved', async () => {
    h = await startHarness();
    const run = start();
    await h.event(
      functionExecuted(run, { request_type: 'support', requester: 'U0REQ0003', question: 'q', context: 'c' }),
    );
    const execution = await ended(run, 'failed');
    expect(execution.error).toMatch(/SUPPORT_CHANNEL/);
    expect(h.bot.deps.store.support.get(1)).toBeUndefined();
  });
});
