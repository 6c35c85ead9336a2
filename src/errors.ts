/**
 * The failure vocabulary every layer shares: an adapter (Slack, GitLab) says what kind of
 * failure it met, the outbox worker decides what to do about it.
 */

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

/**
 * One named step of a job failed; `cause` is what made it fail and decides how the failure is
 * handled. The step tells the job's notices what was and was not done.
 */
export class StepError<S extends string = string> extends Error {
  override name = 'StepError';
  constructor(
    readonly step: S,
    override readonly cause: unknown,
  ) {
    super(errorMessage(cause));
  }
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What made an error happen: the cause of a failed step, otherwise the error itself. */
export function rootCause(err: unknown): unknown {
  return err instanceof StepError ? rootCause(err.cause) : err;
}
