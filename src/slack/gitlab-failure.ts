import { isGitLabError } from '../gitlab/errors.js';

/** A short, token-free account of a failed GitLab call: the one "GitLab answered …" wording. */
export function describeGitLabFailure(err: unknown): string {
  if (!isGitLabError(err)) return 'an unexpected error';
  return err.status ? `GitLab answered ${err.status}` : `GitLab ${err.kind}`;
}

/** A failed GitLab call, for the people told about it. */
export interface GitLabProblem {
  /** For a person: what went wrong with `what`, in words. */
  reason: string;
  /** For the log and the row. */
  message: string;
}

function detailOf(message: string): string {
  const i = message.indexOf(': ');
  return i < 0 ? '' : message.slice(i + 2, i + 2 + 160);
}

/** Says what went wrong while working on `what` (an issue ref or a project). */
export function gitlabProblem(err: unknown, what: string): GitLabProblem {
  if (!isGitLabError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return { reason: 'an unexpected error', message };
  }
  const message = err.message;
  if (err.retryable || err.isAuth)
    return { reason: `GitLab is not answering (${err.status ?? err.kind})`, message };
  // NOTE: one wording for 403 and 404, so a refusal does not tell what the bot's token can reach.
  if (err.isNotFound || err.isForbidden)
    return { reason: `${what} cannot be found or is not available to the bot`, message };
  const detail = detailOf(message);
  return { reason: `GitLab refused the change (${err.status}${detail ? `: ${detail}` : ''})`, message };
}
