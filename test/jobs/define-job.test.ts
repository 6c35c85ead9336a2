import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { GitLabError } from '../../src/gitlab/errors.js';
import type { JobFailure } from '../../src/jobs/classify-failure.js';
import { defineJob, type JobContext } from '../../src/jobs/define-job.js';
import { JOB_KINDS } from '../../src/jobs/outbox/kinds.js';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { createOutboxRepo } from '../../src/store/outbox-repo.js';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const SETTLE_MS = 60_000;
const START = 1_000_000;

/** A worker on an in-memory database and a clock the test moves; passes run when the test says. */
function setup(maxAttempts = 3) {
  const db: Db = openDatabase(':memory:');
  const repo = createOutboxRepo(db);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  let now = START;
  const dead: number[] = [];
  const worker = createOutboxWorker({
    db,
    repo,
    log: createLogger('info', sink),
    metrics: createMetrics(),
    clock: () => now,
    baseDelayMs: 10,
    maxDelayMs: 100,
    uncertainDelayMs: SETTLE_MS,
    maxAttempts,
    kickDelayMs: 0,
    onDead: (job) => dead.push(job.id),
  });
  const row = (kind = 'file_request') => repo.listByKind(kind)[0];
  return {
    db,
    repo,
    logs,
    dead,
    worker,
    row,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

interface Seen {
  payload: { requestId: number };
  ctx: JobContext;
  failure?: JobFailure;
  inTransaction?: boolean;
  rowStatus?: string;
}

/** A file_request job whose run does what the test says, recording each call it gets. */
function probeJob(t: ReturnType<typeof setup>, run: (ctx: JobContext) => Promise<void>) {
  const runs: Seen[] = [];
  const retrying: Seen[] = [];
  const gaveUp: Seen[] = [];
  const during = (payload: { requestId: number }, ctx: JobContext, failure: JobFailure): Seen => ({
    payload,
    ctx,
    failure,
    inTransaction: t.db.inTransaction,
    rowStatus: t.row()?.status,
  });
  t.worker.register(
    defineJob({
      kind: 'file_request',
      payload: JOB_KINDS.file_request.payload,
      run: async (payload, ctx) => {
        runs.push({ payload, ctx });
        await run(ctx);
      },
      onRetrying: (payload, failure, ctx) => {
        retrying.push(during(payload, ctx, failure));
        ctx.tell({ channel: 'U1', text: 'will retry' }, 'retrying');
      },
      onGaveUp: (payload, failure, ctx) => {
        gaveUp.push(during(payload, ctx, failure));
        ctx.tell({ channel: 'U1', text: 'gave up' }, 'gave-up');
      },
    }),
  );
  return { runs, retrying, gaveUp };
}

const timeout = (method: string) =>
  new GitLabError('timeout', method, '/api/v4/projects/1/issues', undefined, 'timed out');

describe('defineJob and the outbox worker', () => {
  it('a payload that does not parse is given up at once and logged with the job id; run never sees it', async () => {
    const t = setup();
    const seen = probeJob(t, async () => {});
    t.repo.enqueue('file_request', { requestId: 'not a number' }, t.now());
    await t.worker.runDue();
    const job = t.row()!;
    expect(job.status).toBe('dead');
    expect(job.attempts).toBe(1);
    expect(job.lastError).toContain('payload does not parse');
    expect(seen.runs).toHaveLength(0);
    expect(seen.gaveUp).toHaveLength(0);
    expect(t.dead).toEqual([job.id]);
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'outbox job gave up');
    expect(line).toMatchObject({ job: job.id, kind: 'file_request' });
    expect(line.error).toContain('requestId');
  });

  it('run gets the parsed payload, the attempt number and whether it is the final attempt', async () => {
    const t = setup(2);
    const seen = probeJob(t, async () => {
      throw new Error('still failing');
    });
    t.repo.enqueue('file_request', { requestId: 7, extra: 'dropped' }, t.now());
    await t.worker.runDue();
    t.advance(1_000);
    await t.worker.runDue();
    expect(seen.runs.map((r) => [r.payload, r.ctx.attempt, r.ctx.finalAttempt])).toEqual([
      [{ requestId: 7 }, 1, false],
      [{ requestId: 7 }, 2, true],
    ]);
    expect(seen.runs[0]!.ctx.jobId).toBe(t.row()!.id);
  });

  it('a passing failure runs onRetrying in the transaction that schedules the retry; the last attempt runs onGaveUp instead', async () => {
    const t = setup(2);
    const seen = probeJob(t, async () => {
      throw new GitLabError('http', 'POST', '/api/v4/projects/1/issues', 503, 'unavailable');
    });
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    expect(seen.retrying).toHaveLength(1);
    expect(seen.retrying[0]).toMatchObject({ inTransaction: true, rowStatus: 'pending' });
    expect(seen.retrying[0]!.failure!.kind).toBe('retryable');
    expect(t.row()!.status).toBe('pending');
    expect(seen.gaveUp).toHaveLength(0);

    t.advance(1_000);
    await t.worker.runDue();
    expect(seen.retrying).toHaveLength(1);
    expect(seen.gaveUp).toHaveLength(1);
    expect(seen.gaveUp[0]).toMatchObject({ inTransaction: true, rowStatus: 'dead' });
    expect(seen.gaveUp[0]!.failure!.kind).toBe('retryable');
    expect(t.row()!.status).toBe('dead');
    // Each notice was queued once, named per job.
    expect(t.repo.listByKind('slack_post').map((j) => [j.dedupeKey, j.payload])).toEqual([
      [`job:${t.row()!.id}:retrying`, { channel: 'U1', text: 'will retry' }],
      [`job:${t.row()!.id}:gave-up`, { channel: 'U1', text: 'gave up' }],
    ]);
  });

  it('a permanent failure runs onGaveUp in the same transaction as the row marked dead, on the first attempt', async () => {
    const t = setup(5);
    const seen = probeJob(t, async () => {
      throw new GitLabError('http', 'POST', '/api/v4/projects/1/issues', 404, 'not found');
    });
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    expect(seen.retrying).toHaveLength(0);
    expect(seen.gaveUp).toHaveLength(1);
    expect(seen.gaveUp[0]).toMatchObject({ inTransaction: true, rowStatus: 'dead' });
    expect(seen.gaveUp[0]!.failure!.kind).toBe('permanent');
    expect(t.dead).toEqual([t.row()!.id]);
  });

  it('when a notice throws, its writes are rolled back, the row is still marked and the failure is logged', async () => {
    const t = setup(5);
    t.worker.register(
      defineJob({
        kind: 'file_request',
        payload: JOB_KINDS.file_request.payload,
        run: async () => {
          throw new PermanentError('refused');
        },
        onGaveUp: (_p, _f, ctx) => {
          ctx.tell({ channel: 'U1', text: 'half-told' }, 'failed');
          throw new Error('notice broke');
        },
      }),
    );
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    expect(t.row()!.status).toBe('dead');
    expect(t.repo.listByKind('slack_post')).toHaveLength(0);
    expect(t.logs.some((l) => l.includes('outbox job notice failed') && l.includes('notice broke'))).toBe(
      true,
    );
  });

  it('a write whose outcome is unknown waits the settle delay before its retry; a read that timed out does not', async () => {
    const t = setup(5);
    let failWith = timeout('POST');
    const seen = probeJob(t, async () => {
      throw failWith;
    });
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    expect(seen.retrying[0]!.failure!.kind).toBe('uncertain');
    expect(t.row()!.nextAttemptAt - t.now()).toBe(SETTLE_MS);

    t.advance(SETTLE_MS);
    failWith = timeout('GET');
    await t.worker.runDue();
    expect(seen.retrying[1]!.failure!.kind).toBe('retryable');
    const wait = t.row()!.nextAttemptAt - t.now();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
  });

  it('a rejected token waits for the operator: retried with backoff, never given up before the last attempt', async () => {
    const t = setup(3);
    const seen = probeJob(t, async () => {
      throw new GitLabError('http', 'POST', '/api/v4/projects/1/issues', 401, 'unauthorized');
    });
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    t.advance(1_000);
    await t.worker.runDue();
    expect(seen.retrying.map((s) => s.failure!.kind)).toEqual(['operator', 'operator']);
    expect(t.row()!.status).toBe('pending');
    expect(t.logs.filter((l) => l.includes('outbox job waits for the operator'))).toHaveLength(2);
  });

  it('a job that succeeds is marked done and tells nothing about failures', async () => {
    const t = setup();
    const seen = probeJob(t, async (ctx) => {
      ctx.tell({ channel: 'U1', text: 'filed' }, 'filed');
      ctx.tell({ channel: 'U1', text: 'filed again' }, 'filed');
    });
    t.repo.enqueue('file_request', { requestId: 1 }, t.now());
    await t.worker.runDue();
    expect(t.row()!.status).toBe('done');
    expect(seen.retrying).toHaveLength(0);
    expect(seen.gaveUp).toHaveLength(0);
    expect(t.repo.listByKind('slack_post').map((j) => j.payload)).toEqual([{ channel: 'U1', text: 'filed' }]);
  });
});

describe('a GitLab token rejected while jobs run', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('alerts the operator once, however many jobs and attempts meet the 401, and the jobs wait', async () => {
    h = await startHarness({ OPS_CHANNEL: 'COPS', GITLAB_TOKEN: 'glpat-rejected', LOG_LEVEL: 'warn' });
    await h.submitView(requestSubmission());
    await h.submitView(requestSubmission());
    const attempts = () => h.bot.deps.store.outbox.listByKind('file_request').map((j) => j.attempts);
    await waitFor(() => attempts().length === 2 && attempts().every((n) => n >= 3), 8000, 'several attempts');
    const alerts = h.slack.messages.filter((m) => m.channel === 'COPS');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('401');
    expect(h.bot.deps.store.outbox.listByKind('file_request').every((j) => j.status !== 'dead')).toBe(true);
    expect(h.logs.some((l) => l.includes('outbox job waits for the operator'))).toBe(true);
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
  });
});
