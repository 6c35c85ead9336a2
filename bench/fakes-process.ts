import { createInterface } from 'node:readline';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';

/**
 * The Slack and GitLab fakes in their own process, so the work they do for the bot's
 * background jobs does not slow the load generator. argv: GitLab latency in ms.
 * Prints one JSON line {slackUrl, gitlabUrl, gitlabToken}; then, for each `modals` line read on
 * stdin, one JSON line: how long after each trigger was issued its views.open reached Slack (ms,
 * from the issue time in the trigger_id), since the last `modals` line.
 */
async function main(): Promise<void> {
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  gitlab.setLatency(Number(process.argv[2] ?? 0));
  let modalDelays: number[] = [];
  const harvest = () => {
    for (const c of slack.calls) {
      const issuedAt = Number(String(c.args.trigger_id ?? '').split('.')[1]);
      if (c.method === 'views.open' && Number.isFinite(issuedAt)) modalDelays.push(c.at - issuedAt);
    }
    slack.calls.length = 0;
  };
  createInterface({ input: process.stdin }).on('line', () => {
    harvest();
    console.log(JSON.stringify(modalDelays));
    modalDelays = [];
  });
  // Keep memory flat over long runs: only the modal delays are read from the recorded calls.
  setInterval(() => {
    harvest();
    slack.messages.length = 0;
    slack.views.length = 0;
    gitlab.calls.length = 0;
  }, 1000).unref();
  console.log(JSON.stringify({ slackUrl: slack.url, gitlabUrl: gitlab.url, gitlabToken: gitlab.token }));
}

void main();
