import { isGitLabError } from '../gitlab/errors.js';

/** A short, token-free account of a failed GitLab call, for the person in Slack. */
export function describeGitLabFailure(err: unknown): string {
  if (!isGitLabError(err)) return 'an unexpected error';
  return err.status ? `GitLab answered ${err.status}` : `GitLab ${err.kind}`;
}
