import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

function destroyTask(task: ScheduledTask | undefined): void {
  if (task) void Promise.resolve(task.destroy()).catch(() => undefined);
}

/**
 * The one place that schedules work. Jobs are plain functions; this only decides when they run.
 * NOTE: node-cron keeps nothing across restarts and fires in every process; jobs claim their
 * (job, slot) in SQLite before acting, so a double tick or a second instance does nothing twice.
 */
export function createScheduler(log: Logger) {
  const timers = new Set<NodeJS.Timeout>();
  const tasks = new Map<string, ScheduledTask>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  /** Runs queued with soon() that have not finished: the start-up catch-up /readyz waits for. */
  let pendingSoon = 0;
  const track = (name: string, fn: () => Promise<unknown> | unknown): Promise<void> => {
    if (stopped) return Promise.resolve();
    const p = Promise.resolve()
      .then(fn)
      .then(() => undefined)
      .catch((err) => log.error({ job: name, error: (err as Error).message }, 'scheduled job failed'))
      .finally(() => running.delete(p));
    running.add(p);
    return p;
  };

  return {
    /** Runs fn every `ms`, never overlapping itself. */
    every(name: string, ms: number, fn: () => Promise<unknown> | unknown): void {
      let busy = false;
      const t = setInterval(() => {
        if (busy) return;
        busy = true;
        track(name, async () => {
          try {
            await fn();
          } finally {
            busy = false;
          }
        });
      }, ms);
      t.unref();
      timers.add(t);
    },
    /** Runs fn once, soon (used for start-up catch-up). */
    soon(name: string, fn: () => Promise<unknown> | unknown): void {
      pendingSoon++;
      const t = setTimeout(() => {
        timers.delete(t);
        void track(name, fn).finally(() => {
          pendingSoon--;
        });
      }, 0);
      timers.add(t);
    },
    /** Whether runs queued with soon() (start-up catch-up) have yet to finish. */
    catchingUp(): boolean {
      return pendingSoon > 0;
    },
    /** A cron schedule with an explicit time zone; replaces one of the same name. */
    cron(
      name: string,
      expression: string,
      timezone: string,
      fn: (firedAt: Date) => Promise<unknown> | unknown,
    ): void {
      // NOTE: destroy, not stop: a stopped node-cron task stays in node-cron's registry.
      destroyTask(tasks.get(name));
      const task = cron.schedule(expression, (ctx) => track(name, () => fn(ctx.triggeredAt ?? new Date())), {
        timezone,
        noOverlap: true,
        name,
      });
      tasks.set(name, task);
    },
    cancel(name: string): void {
      destroyTask(tasks.get(name));
      tasks.delete(name);
    },
    /** Stops every schedule and waits for runs in progress. */
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) {
        clearInterval(t);
        clearTimeout(t);
      }
      timers.clear();
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
      await Promise.allSettled([...running]);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
