export type GitLabErrorKind = 'http' | 'timeout' | 'network';

/**
 * A failed GitLab call, summarised: method, path, status and GitLab's message.
 * NOTE: gitbeaker's own errors carry the request with its PRIVATE-TOKEN header; this one
 * carries nothing that could leak the token into a log or a Slack message.
 */
export class GitLabError extends Error {
  override name = 'GitLabError';
  constructor(
    readonly kind: GitLabErrorKind,
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`GitLab ${method} ${path} ${status ?? kind}: ${message}`);
  }

  /** 429, 5xx, timeouts and network errors are worth another try; 4xx answers are not. */
  get retryable(): boolean {
    if (this.kind !== 'http') return true;
    return this.status === 429 || (this.status !== undefined && this.status >= 500);
  }

  /**
   * A write that timed out or lost its connection before any answer: GitLab may still carry it
   * out after we gave up, so a retry's duplicate check must wait for it to settle.
   */
  get outcomeUnknown(): boolean {
    return this.kind !== 'http' && this.status === undefined && this.method !== 'GET';
  }

  get isAuth(): boolean {
    return this.status === 401;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }
}

export function isGitLabError(e: unknown): e is GitLabError {
  return e instanceof GitLabError;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
