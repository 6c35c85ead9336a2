import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';

/**
 * The Slack and GitLab fakes in their own process, so the work they do for the bot's
 * background jobs does not slow the load generator. argv: GitLab latency in ms.
 * Prints one JSON line {slackUrl, gitlabUrl, gitlabToken}.
 */
async function main(): Promise<void> {
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  gitlab.setLatency(Number(process.argv[2] ?? 0));
  // Keep memory flat over long runs: the benchmark never reads the recorded calls.
  setInterval(() => {
    slack.calls.length = 0;
    slack.messages.length = 0;
    slack.views.length = 0;
    gitlab.calls.length = 0;
  }, 1000).unref();
  console.log(JSON.stringify({ slackUrl: slack.url, gitlabUrl: gitlab.url, gitlabToken: gitlab.token }));
}

void main();
