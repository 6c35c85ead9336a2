import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, INTERNAL, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { waitFor } from '../../helpers/slack-request.js';

const dmTexts = (h: Harness) => h.slack.messages.filter((m) => m.channel === 'D1').map((m) => m.text ?? '');

describe('filing requests when GitLab misbehaves', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('when GitLab is down, the request is saved, the requester is told, and it is filed once when GitLab is back', async () => {
    h.gitlab.setDown(true);
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('saved')), 5000, 'saved notice');
    const pending = h.bot.deps.store.requests.listByRequester('U1')[0]!;
    expect(pending.status).toBe('retrying');
    // several failed attempts, still told only once
    await waitFor(() => h.bot.deps.store.requests.get(pending.id)!.attempts >= 3, 5000, 'retries');
    expect(dmTexts(h).filter((t) => t.includes('saved'))).toHaveLength(1);

    h.gitlab.setDown(false);
    await waitFor(() => dmTexts(h).some((t) => t.includes('filed in GitLab')), 5000, 'filed notice');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(dmTexts(h)).toHaveLength(2);
    expect(h.bot.deps.store.requests.get(pending.id)!.status).toBe('filed');
  });

  it('when GitLab creates the issue but answers 502, the retry finds it instead of filing a second one', async () => {
    h.gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { afterCommit: { status: 502 } });
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('filed in GitLab')), 5000, 'filed notice');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(h.gitlab.callsMatching('POST', /\/issues$/)).toHaveLength(1);
  });

  it('when a GitLab create times out but GitLab still finishes it later, the retry waits for it and files one issue', async () => {
    // The stalled POST is carried out 1.2 s in, after the client gave up at 1 s.
    h.gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { stallMs: 1200 });
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('filed in GitLab')), 8000, 'filed notice');
    await waitFor(
      () => h.gitlab.callsMatching('POST', /\/issues$/).every((c) => c.status !== 0),
      5000,
      'the stalled request to finish',
    );
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(h.gitlab.callsMatching('POST', /\/issues$/)).toHaveLength(1);
  });

  it('when GitLab answers 429 with Retry-After, the request waits and is filed once', async () => {
    h.gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { status: 429, retryAfter: 0 });
    await h.submitView(requestSubmission());
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
  });

  it('when GitLab refuses the project (403), the request is marked failed and the requester is told why', async () => {
    h.gitlab.forbiddenProjects.add(INTERNAL);
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('could not be filed')), 5000, 'failure notice');
    expect(h.bot.deps.store.requests.listByRequester('U1')[0]!.status).toBe('failed');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
  });

  it('when the bot restarts with a request still pending, the new process files it exactly once', async () => {
    h.gitlab.setDown(true);
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('saved')), 5000, 'saved notice');
    await h.restart();
    h.gitlab.setDown(false);
    await waitFor(() => dmTexts(h).some((t) => t.includes('filed in GitLab')), 5000, 'filed after restart');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
  });

  it('when the process died after GitLab created the issue but before the row was updated, restart finds the issue', async () => {
    const { submitRequest } = await import('../../../src/use-cases/submit-request.js');
    const { validateRequestFields } = await import('../../../src/domain/request.js');
    await h.bot.deps.outbox.stop();
    const v = validateRequestFields({
      title: 'Crash test',
      kind: 'internal',
      problem: 'p',
      currentProcess: 'c',
      desiredOutcome: 'd',
      definitionOfDone: 'dod',
      requestingTeam: 't',
      links: '',
      confidential: true,
    });
    if (!v.ok) throw new Error('invalid form');
    const deps = h.bot.deps;
    // The state a kill -9 leaves: the job claimed (lease running), GitLab holding the issue, the row not updated.
    const { record } = submitRequest(deps, {
      sourceKey: 'view:CRASH',
      fields: v.fields,
      requesterId: 'U1',
      teamId: 'T1',
      channelId: 'C1',
    });
    deps.store.outbox.claimDue(deps.clock(), 10, 1);
    deps.store.requests.recordAttempt(record.id, deps.clock());
    h.gitlab.seedIssue(INTERNAL, { title: 'Crash test', description: `body\n\n<!-- ${record.marker} -->` });
    await h.restart();
    await waitFor(() => h.bot.deps.store.requests.get(record.id)?.status === 'filed', 8000, 'filed');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(h.gitlab.callsMatching('POST', /\/issues$/)).toHaveLength(0);
  });
});

describe('giving up after OUTBOX_MAX_ATTEMPTS', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ OUTBOX_MAX_ATTEMPTS: '3', OPS_CHANNEL: 'COPS' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('on the last attempt the request is marked failed, the requester told once, and the operator alerted', async () => {
    h.gitlab.setDown(true);
    await h.submitView(requestSubmission());
    await waitFor(() => dmTexts(h).some((t) => t.includes('could not be filed')), 5000, 'failure notice');
    await h.idle();
    const req = h.bot.deps.store.requests.get(1)!;
    expect(req.status).toBe('failed');
    expect(req.attempts).toBe(3);
    expect(dmTexts(h).filter((t) => t.includes('saved'))).toHaveLength(1);
    expect(dmTexts(h).filter((t) => t.includes('could not be filed'))).toHaveLength(1);
    const alert = await waitFor(() => h.slack.messages.find((m) => m.channel === 'COPS'), 5000, 'ops alert');
    expect(alert.text).toContain('file_request');
    expect(h.bot.deps.store.outbox.stats().depth).toBe(0);
  });
});

describe('a request saved but not yet queued for filing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('is filed once after a restart, and a request filed before is not filed again', async () => {
    await h.submitView(requestSubmission({ title: 'Filed before the stop' }));
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'first issue');
    await h.idle();

    // The bot stops between saving a request and its outbox pass (a crash, or a backup taken then).
    await h.bot.deps.outbox.stop();
    expect((await h.submitView(requestSubmission({ title: 'Saved at the stop' }))).status).toBe(200);
    const saved = h.bot.deps.store.requests.listByRequester('U1')[0]!;
    expect(saved.status).toBe('saved');
    expect(h.bot.deps.store.outbox.listByKind('file_request')).toHaveLength(1);

    await h.restart();
    await waitFor(
      () => h.bot.deps.store.requests.get(saved.id)?.status === 'filed',
      5000,
      'filed after restart',
    );
    await h.idle();
    expect(h.gitlab.issues(INTERNAL).map((i) => i.title)).toEqual([
      'Filed before the stop',
      'Saved at the stop',
    ]);
    expect(h.gitlab.callsMatching('POST', /\/issues$/)).toHaveLength(2);
    expect(h.bot.deps.store.outbox.listByKind('file_request').map((j) => j.status)).toEqual(['done', 'done']);
    expect(dmTexts(h).filter((t) => t.includes('filed in GitLab'))).toHaveLength(2);
  });
});
