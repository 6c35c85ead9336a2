import { escapeMrkdwn } from '../escape.js';

/** What went wrong when GitLab refuses the bot: the token itself (401) or its access to a path (403). */
export function describeGitLabAccessProblem(problem: { isAuth: boolean; path: string }): string {
  return problem.isAuth
    ? 'GitLab rejected the bot token (401)'
    : `GitLab refused the bot access (403) on ${problem.path}`;
}

/** The OPS_CHANNEL alert for a GitLab access problem (see describeGitLabAccessProblem). */
export function buildGitLabAccessAlertText(what: string): string {
  return `:rotating_light: prodsec-bot: ${what}. Check GITLAB_TOKEN and the bot user's access.`;
}

/** The OPS_CHANNEL alert for a side effect the outbox gave up on. */
export function buildDeadJobAlertText(
  job: { kind: string; id: number; attempts: number },
  error: string,
): string {
  return `:warning: prodsec-bot gave up on a ${job.kind} job (#${job.id}) after ${job.attempts} attempts: ${escapeMrkdwn(error.slice(0, 300))}`;
}
