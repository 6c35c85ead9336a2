import type { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import type { startFakeSlack } from '../test/fakes/slack-api.js';
import { startBaseline, startBot } from './targets.js';

/**
 * One benchmark target alone in its process, like a deployment: `bot` or `baseline`.
 * The Slack and GitLab it talks to are given by URL (argv), so their work happens elsewhere.
 * Prints one JSON line {url}; exits on SIGTERM.
 */
async function main(): Promise<void> {
  const [kind, slackUrl, gitlabUrl, gitlabToken] = process.argv.slice(2);
  const slack = { url: slackUrl } as Awaited<ReturnType<typeof startFakeSlack>>;
  const gitlab = { url: gitlabUrl, token: gitlabToken } as Awaited<ReturnType<typeof startFakeGitLab>>;
  const target = kind === 'bot' ? await startBot(slack, gitlab) : await startBaseline(slack);
  console.log(JSON.stringify({ url: target.url }));
  process.on('SIGTERM', () => {
    void target.stop().finally(() => process.exit(0));
  });
}

void main();
