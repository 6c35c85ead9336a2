import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the outbox knows about the job running now, readable anywhere below it without
 * threading it through every handler:
 * - `markUncertain`: a write timed out or lost its connection, so the server may still carry it
 *   out; the outbox then waits long enough before the retry's duplicate check.
 * - `isFinalAttempt`: the outbox will not try again, so a failure that would be retried is
 *   handled as final (the record marked failed, the person told) instead of left pending.
 */
interface JobContext {
  uncertain: boolean;
  final: boolean;
}

const store = new AsyncLocalStorage<JobContext>();

export function markUncertain(): void {
  const ctx = store.getStore();
  if (ctx) ctx.uncertain = true;
}

export function isFinalAttempt(): boolean {
  return store.getStore()?.final ?? false;
}

export function runInJobContext<T>(
  final: boolean,
  fn: () => Promise<T>,
): { uncertain: () => boolean; result: Promise<T> } {
  const ctx: JobContext = { uncertain: false, final };
  const result = store.run(ctx, fn);
  return { uncertain: () => ctx.uncertain, result };
}
