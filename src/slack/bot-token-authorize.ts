import type { AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Bolt's authorize for a single workspace: auth.test runs on the first request, not when the
 * App is built, and its answer is cached; a failure is retried on the next request.
 * NOTE: with `token`, Bolt starts auth.test inside the App constructor and keeps the promise,
 * which rejects unhandled when Slack is unreachable at that moment.
 */
export function createSingleWorkspaceAuthorize(slack: WebClient, botToken: string) {
  let cached: Promise<AuthorizeResult> | null = null;
  return (): Promise<AuthorizeResult> => {
    cached ??= slack.auth
      .test({ token: botToken })
      .then((r) => ({
        botToken,
        botId: r.bot_id as string,
        botUserId: r.user_id as string,
        teamId: r.team_id,
      }))
      .catch((err) => {
        cached = null;
        throw err;
      });
    return cached;
  };
}
