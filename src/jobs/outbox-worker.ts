import type { Logger } from 'pino';
import { backoffDelay } from '../gitlab/retry.js';
import type { Metrics } from '../metrics.js';
import type { OutboxJob, OutboxRepo } from '../store/outbox-repo.js';
import { runInJobContext } from './job-context.js';

/** A side effect failed for good: retrying cannot help (a 4xx, a missing channel…). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** A side effect failed for now; `retryAfterMs` overrides the backoff (Slack's or GitLab's Retry-After). */
export class RetryableError extends Error {
  override name = 'RetryableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type OutboxHandler = (job: OutboxJob) => Promise<void>;

export interface OutboxWorkerOptions {
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
  /** The longest a job waits for the bot to stop being busy. */
  maxDeferMs?: number;
  /** How long a kicked pass waits before starting, to let a burst of requests be acknowledged first. */
  kickDelayMs?: number;
  /** After a write whose outcome is unknown (a timeout), wait at least this long before retrying. */
  uncertainDelayMs?: number;
}

/**
 * Carries out outbox jobs: due ones now, failed ones later with capped exponential backoff.
 * `kick()` runs a pass soon (after an enqueue); a timer wakes it for the next due job.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions) {
  const handlers = new Map<string, OutboxHandler>();
  const maxAttempts = opts.maxAttempts ?? 50;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batch = opts.batch ?? 50;
  const concurrency = opts.concurrency ?? 8;
  const kickDelayMs = opts.kickDelayMs ?? 25;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;

  async function runOne(job: OutboxJob): Promise<void> {
    const handler = handlers.get(job.kind);
    const now = () => opts.clock();
    if (!handler) {
      opts.repo.kill(job.id, `no handler for ${job.kind}`, now());
      return;
    }
    const tracked = runInJobContext(job.attempts >= maxAttempts, () => handler(job));
    try {
      await tracked.result;
      opts.repo.complete(job.id, now());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentError || job.attempts >= maxAttempts) {
        opts.repo.kill(job.id, message, now());
        opts.log.error(
          { job: job.id, kind: job.kind, attempts: job.attempts, error: message },
          'outbox job gave up',
        );
        opts.onDead?.(job, message);
        return;
      }
      const delay =
        err instanceof RetryableError && err.retryAfterMs !== undefined
          ? Math.max(err.retryAfterMs, 1)
          : backoffDelay(job.attempts, opts.baseDelayMs, opts.maxDelayMs);
      // NOTE: the server may still be working on the write that timed out; the retry's duplicate
      // check (marker search) must not run before it has finished.
      const settled = tracked.uncertain() ? Math.max(delay, opts.uncertainDelayMs ?? 0) : delay;
      opts.repo.retryLater(job.id, now() + settled, message, now());
      opts.log.warn(
        { job: job.id, kind: job.kind, attempts: job.attempts, delay: settled, error: message },
        'outbox job will retry',
      );
    }
  }

  /**
   * Acknowledgements first: while Slack requests are being handled, a job waits (a few ms at a
   * time, at most `maxDeferMs`, so side effects are never starved).
   */
  async function yieldToRequests(): Promise<void> {
    if (!opts.isBusy) return;
    const until = Date.now() + (opts.maxDeferMs ?? 250);
    while (opts.isBusy() && Date.now() < until) await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }

  /** One pass: claims due jobs and runs them, `concurrency` at a time. */
  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = opts.repo.claimDue(opts.clock(), batch, leaseMs);
      if (jobs.length === 0) break;
      total += jobs.length;
      let cursor = 0;
      const lane = async () => {
        while (cursor < jobs.length) {
          await yieldToRequests();
          await runOne(jobs[cursor++] as OutboxJob);
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
    register(kind: string, handler: OutboxHandler): void {
      handlers.set(kind, handler);
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
