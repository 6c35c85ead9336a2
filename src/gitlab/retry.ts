import { isGitLabError } from './errors.js';

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter, capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Retries an idempotent GitLab call on 429, 5xx, timeouts and network errors, honouring
 * Retry-After when GitLab sends it (and giving up when it asks for longer than the cap:
 * the outbox retries later instead of holding a request open).
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isGitLabError(err) || !err.retryable || attempt > policy.retries) throw err;
      const wait = err.retryAfterMs ?? backoffDelay(attempt, policy.baseMs, policy.maxMs, policy.random);
      if (wait > policy.maxMs) throw err;
      await sleep(wait);
    }
  }
}
