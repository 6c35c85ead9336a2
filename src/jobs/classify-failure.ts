import { errorMessage, PermanentError, RetryableError, rootCause, StepError } from '../errors.js';
import { isGitLabError } from '../gitlab/errors.js';

/**
 * What a failed job attempt means:
 * - `retryable`: a passing failure (5xx, 429, a network error, the unexpected); tried again later.
 * - `permanent`: retrying cannot help (404, 403, a rejected change, a missing channel).
 * - `operator`: GitLab rejected the bot token (401); the job waits for the operator to fix it
 *   (the GitLab adapter alerts the operator once per streak).
 * - `uncertain`: a write got no answer (timeout, lost connection), so GitLab may still carry it
 *   out; the retry waits for it to settle before its duplicate check.
 */
export type FailureKind = 'retryable' | 'permanent' | 'operator' | 'uncertain';

export interface JobFailure {
  kind: FailureKind;
  /** What the attempt threw. */
  error: unknown;
  /** What made the attempt fail (the cause of a failed step), for the job's notices. */
  cause: unknown;
  /** The step that failed, when the job threw a StepError. */
  step?: string;
  /** For the log and the row. */
  message: string;
  /** The wait the other side asked for (Retry-After), overriding the backoff. */
  retryAfterMs?: number;
}

/** The one place that decides what a failure means for the outbox. */
export function classifyFailure(err: unknown): JobFailure {
  const cause = rootCause(err);
  const base = {
    error: err,
    cause,
    step: err instanceof StepError ? err.step : undefined,
    message: errorMessage(err),
  };
  if (cause instanceof PermanentError) return { ...base, kind: 'permanent' };
  if (cause instanceof RetryableError)
    return { ...base, kind: 'retryable', retryAfterMs: cause.retryAfterMs };
  if (!isGitLabError(cause)) return { ...base, kind: 'retryable' };
  if (cause.isAuth) return { ...base, kind: 'operator' };
  if (cause.outcomeUnknown) return { ...base, kind: 'uncertain' };
  if (cause.retryable) return { ...base, kind: 'retryable', retryAfterMs: cause.retryAfterMs };
  return { ...base, kind: 'permanent' };
}
