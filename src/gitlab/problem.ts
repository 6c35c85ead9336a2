import { isFinalAttempt } from '../jobs/job-context.js';
import { isGitLabError } from './errors.js';

/** A failed GitLab call, for the outbox and the people told about it. */
export interface GitLabProblem {
  /** Retrying cannot help (404, 403, a rejected change); a 401 waits for the operator instead. */
  permanent: boolean;
  /** For a person: what went wrong, in words. */
  reason: string;
  /** For the log and the row. */
  message: string;
}

function detailOf(message: string): string {
  const i = message.indexOf(': ');
  return i < 0 ? '' : message.slice(i + 2, i + 2 + 160);
}

/** Classifies an error thrown while working on `what` (an issue ref or a project). */
export function gitlabProblem(err: unknown, what: string): GitLabProblem {
  if (!isGitLabError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return { permanent: isFinalAttempt(), reason: 'an unexpected error', message };
  }
  const message = err.message;
  // On the outbox's last attempt a passing failure is final too: marked failed and told, not left pending.
  if (err.retryable || err.isAuth)
    return {
      permanent: isFinalAttempt(),
      reason: `GitLab is not answering (${err.status ?? err.kind})`,
      message,
    };
  if (err.isNotFound) return { permanent: true, reason: `GitLab says ${what} does not exist (404)`, message };
  if (err.isForbidden)
    return { permanent: true, reason: `the bot is not allowed to see or change ${what} (403)`, message };
  const detail = detailOf(message);
  return {
    permanent: true,
    reason: `GitLab refused the change (${err.status}${detail ? `: ${detail}` : ''})`,
    message,
  };
}
