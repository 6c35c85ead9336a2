import { type GitLabError, isGitLabError } from './errors.js';
import { type RetryPolicy, withRetry } from './retry.js';

export interface GitLabHealth {
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailure: string | null;
}

export interface CallGuardOptions {
  /** On a 401: return true to retry the call once (after refreshing the token), false to fail. */
  onUnauthorized?: () => Promise<boolean>;
  /** Told once when GitLab rejects the token (401, once per streak) or the bot's rights on a path (403). */
  onAuthProblem?: (err: GitLabError) => void;
  policy: RetryPolicy;
}

/**
 * What every GitLab call goes through: the health record (/readyz), one more try after a 401 when
 * the token can be refreshed, the operator told once about a rejected token or path, and the
 * choice between retrying within the call and a single attempt.
 */
export function createCallGuard(opts: CallGuardOptions) {
  const health: GitLabHealth = { lastSuccessAt: null, lastFailureAt: null, lastFailure: null };
  // 401s are reported once per failure streak, 403s once per resource path.
  const reported = new Set<string>();

  async function track<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const result = await once401(fn);
      health.lastSuccessAt = Date.now();
      reported.delete('401');
      return result;
    } catch (err) {
      health.lastFailureAt = Date.now();
      health.lastFailure = isGitLabError(err) ? err.message : 'unexpected error';
      if (isGitLabError(err) && (err.isAuth || err.isForbidden)) {
        const key = err.isAuth ? '401' : `403 ${err.path.replace(/\/issues.*$/, '')}`;
        if (!reported.has(key)) {
          reported.add(key);
          opts.onAuthProblem?.(err);
        }
      }
      throw err;
    }
  }

  async function once401<T>(fn: () => Promise<T>): Promise<T> {
    if (!opts.onUnauthorized) return fn();
    try {
      return await fn();
    } catch (err) {
      if (!(isGitLabError(err) && err.isAuth) || !(await opts.onUnauthorized())) throw err;
      return fn();
    }
  }

  return {
    health,
    /** Idempotent reads and label edits: retried within the call. */
    retried: <T>(fn: () => Promise<T>): Promise<T> => track(() => withRetry(fn, opts.policy)),
    /** Creations: one attempt; the caller's outbox decides about retrying with a duplicate check. */
    singleAttempt: <T>(fn: () => Promise<T>): Promise<T> => track(fn),
  };
}
