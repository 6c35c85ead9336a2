import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';
import { backoffDelay } from '../gitlab/retry.js';
import type { Metrics } from '../metrics.js';
import { type Db, writeTx } from '../store/db.js';
import type { OutboxJob, OutboxRepo } from '../store/outbox-repo.js';
import { classifyFailure, type JobFailure } from './classify-failure.js';
import type { JobContext, JobDefinition } from './define-job.js';

export interface OutboxWorkerOptions {
  /** The database the outbox lives in: a row update and its notice share one transaction. */
  db: Db;
  repo: OutboxRepo;
  log: Logger;
  metrics: Metrics;
  clock: () => number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts a job is given up on (marked dead and logged). */
  maxAttempts?: number;
  leaseMs?: number;
  batch?: number;
  concurrency?: number;
  onDead?: (job: OutboxJob, error: string) => void;
  /** True while Slack requests are being handled; jobs then wait (see maxDeferMs). */
  isBusy?: () => boolean;
  /**
   * The longest a job waits for the bot to stop being busy (default 1 s). NOTE: at 250 ms every lane
   * ran a job in the middle of a 500-request burst (its first GitLab call, cold, ~70 ms of CPU);
   * side effects have no 3-second deadline, acknowledgements do.
   */
  maxDeferMs?: number;
  /** How long a kicked pass waits before starting, to let a burst of requests be acknowledged first. */
  kickDelayMs?: number;
  /** After a write whose outcome is unknown (a timeout), wait at least this long before retrying. */
  uncertainDelayMs?: number;
  /** Runs at the start of each pass, once requests are answered: turns saved state into jobs. */
  beforePass?: () => void;
}

/**
 * Carries out outbox jobs: due ones now, failed ones later with capped exponential backoff.
 * `kick()` runs a pass soon (after an enqueue); a timer wakes it for the next due job.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions) {
  const runners = new Map<string, (job: OutboxJob) => Promise<void>>();
  const maxAttempts = opts.maxAttempts ?? 50;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batch = opts.batch ?? 50;
  const concurrency = opts.concurrency ?? 8;
  const kickDelayMs = opts.kickDelayMs ?? 25;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  const now = () => opts.clock();

  function contextOf(job: OutboxJob): JobContext {
    return {
      jobId: job.id,
      attempt: job.attempts,
      finalAttempt: job.attempts >= maxAttempts,
      tell(post, once) {
        if (opts.repo.enqueue('slack_post', post, now(), { dedupeKey: `job:${job.id}:${once}` }))
          again = true;
      },
    };
  }

  function giveUp(job: OutboxJob, message: string, notice?: () => void): void {
    settle(job, () => opts.repo.kill(job.id, message, now()), notice);
    opts.log.error(
      { job: job.id, kind: job.kind, attempts: job.attempts, error: message },
      'outbox job gave up',
    );
    opts.onDead?.(job, message);
  }

  /** Marks the row and runs the job's notice in one transaction; a notice that throws is logged, the row still marked. */
  function settle(job: OutboxJob, mark: () => void, notice?: () => void): void {
    try {
      writeTx(opts.db, () => {
        mark();
        notice?.();
      });
    } catch (err) {
      if (!notice) throw err;
      opts.log.error({ job: job.id, kind: job.kind, error: errorMessage(err) }, 'outbox job notice failed');
      writeTx(opts.db, mark);
    }
  }

  function retryLater(job: OutboxJob, failure: JobFailure, notice?: () => void): void {
    const delay =
      failure.retryAfterMs !== undefined
        ? Math.max(failure.retryAfterMs, 1)
        : backoffDelay(job.attempts, opts.baseDelayMs, opts.maxDelayMs);
    // NOTE: the server may still be working on the write that timed out; the retry's duplicate
    // check (marker search) must not run before it has finished.
    const wait = failure.kind === 'uncertain' ? Math.max(delay, opts.uncertainDelayMs ?? 0) : delay;
    settle(job, () => opts.repo.retryLater(job.id, now() + wait, failure.message, now()), notice);
    opts.log.warn(
      {
        job: job.id,
        kind: job.kind,
        attempts: job.attempts,
        delay: wait,
        failure: failure.kind,
        error: failure.message,
      },
      failure.kind === 'operator' ? 'outbox job waits for the operator' : 'outbox job will retry',
    );
  }

  async function runJob<P>(def: JobDefinition<P>, job: OutboxJob): Promise<void> {
    const parsed = def.payload.safeParse(job.payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.map(String).join('.') || 'payload'}: ${i.message}`)
        .join('; ');
      giveUp(job, `payload does not parse (${detail})`);
      return;
    }
    const payload = parsed.data;
    const ctx = contextOf(job);
    try {
      await def.run(payload, ctx);
    } catch (err) {
      const failure = classifyFailure(err);
      if (failure.kind === 'permanent' || ctx.finalAttempt) {
        const { onGaveUp } = def;
        giveUp(job, failure.message, onGaveUp && (() => onGaveUp(payload, failure, ctx)));
      } else {
        const { onRetrying } = def;
        retryLater(job, failure, onRetrying && (() => onRetrying(payload, failure, ctx)));
      }
      return;
    }
    opts.repo.complete(job.id, now());
  }

  async function runOne(job: OutboxJob): Promise<void> {
    const runner = runners.get(job.kind);
    if (!runner) {
      opts.repo.kill(job.id, `no handler for ${job.kind}`, now());
      return;
    }
    await runner(job);
  }

  /**
   * Acknowledgements first: while Slack requests are being handled, a job waits (a few ms at a
   * time, at most `maxDeferMs`, so side effects are never starved).
   */
  async function yieldToRequests(): Promise<void> {
    if (!opts.isBusy) return;
    const until = Date.now() + (opts.maxDeferMs ?? 1000);
    while (opts.isBusy() && Date.now() < until) await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }

  /** One pass: claims due jobs and runs them, `concurrency` at a time. */
  async function runDue(): Promise<number> {
    let total = 0;
    if (opts.beforePass) {
      await yieldToRequests();
      opts.beforePass();
    }
    for (;;) {
      const jobs = opts.repo.claimDue(opts.clock(), batch, leaseMs);
      if (jobs.length === 0) break;
      total += jobs.length;
      let cursor = 0;
      // NOTE: the next job is taken after the wait: while one lane waited, another may have taken
      // the last one (checking before the wait failed the pass and stranded its jobs until their lease ran out).
      const lane = async () => {
        for (;;) {
          await yieldToRequests();
          const job = jobs[cursor++];
          if (!job) return;
          await runOne(job);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
      if (jobs.length < batch) break;
    }
    return total;
  }

  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const next = opts.repo.nextDueAt();
    // NOTE: a poll at least every few seconds also picks up jobs whose lease ran out after a crash.
    const wait = next === null ? 5_000 : Math.min(5_000, Math.max(0, next - opts.clock()));
    timer = setTimeout(() => void kick(), wait);
    timer.unref();
  }

  function kick(): Promise<void> {
    // A stopped worker (shutting down, or not started yet) leaves jobs for the next start.
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      // NOTE: wait a moment first, so a burst of Slack requests is acknowledged (Slack's
      // 3-second clock) before the side effects they queued compete for the CPU; kicks that
      // arrive meanwhile join this pass.
      await new Promise<void>((resolve) => setTimeout(resolve, kickDelayMs));
      try {
        do {
          again = false;
          await runDue();
        } while (again);
      } catch (err) {
        opts.log.error({ error: (err as Error).message }, 'outbox pass failed');
      } finally {
        running = null;
        schedule();
      }
    })();
    return running;
  }

  return {
    register<P>(def: JobDefinition<P>): void {
      runners.set(def.kind, (job) => runJob(def, job));
    },
    kick,
    runDue,
    start(): void {
      stopped = false;
      void kick();
    },
    /** Stops the timer and waits for the pass in progress. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
    /** Resolves once nothing is running and no job is due now (for tests and shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
