import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks side effects whose outcome is unknown: a write that timed out or lost its connection
 * may still be carried out by the server after the client gave up. The outbox runs each job
 * inside `trackUncertainty`; a client that sees such a failure calls `markUncertain`, and the
 * outbox then waits long enough for the server to finish before the retry checks for
 * duplicates. Handlers need not know.
 */
const store = new AsyncLocalStorage<{ uncertain: boolean }>();

export function markUncertain(): void {
  const ctx = store.getStore();
  if (ctx) ctx.uncertain = true;
}

export async function trackUncertainty<T>(
  fn: () => Promise<T>,
): Promise<{ uncertain: () => boolean; result: Promise<T> }> {
  const ctx = { uncertain: false };
  const result = store.run(ctx, fn);
  return { uncertain: () => ctx.uncertain, result };
}
