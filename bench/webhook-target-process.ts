import { createInterface } from 'node:readline';
import type { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import type { startFakeSlack } from '../test/fakes/slack-api.js';
import { fileRequest } from '../test/helpers/filed-request.js';
import { startBot } from './targets.js';

/**
 * The bot alone in its process for the webhook benchmark, so the load generator and the fakes
 * (which send the hooks and answer the bot) do not share its event loop. argv: Slack URL, GitLab
 * URL, GitLab token, webhook secret. Prints one JSON line {url}, then answers one JSON line per
 * command read on stdin:
 * - `{"cmd":"seed","items":[{"project","iid","requesterId"}]}`: requests as if filed through the bot;
 * - `{"cmd":"mem"}`: this process's memory ({rss, heapUsed}, after a GC when exposed).
 */
async function main(): Promise<void> {
  const [slackUrl, gitlabUrl, gitlabToken, secret] = process.argv.slice(2);
  const slack = { url: slackUrl } as Awaited<ReturnType<typeof startFakeSlack>>;
  const gitlab = { url: gitlabUrl, token: gitlabToken } as Awaited<ReturnType<typeof startFakeGitLab>>;
  const target = await startBot(slack, gitlab, { GITLAB_WEBHOOK_SECRET: secret ?? '' });
  const { deps } = target.bot;
  console.log(JSON.stringify({ url: target.url }));
  createInterface({ input: process.stdin }).on('line', (line) => {
    const msg = JSON.parse(line) as
      | { cmd: 'seed'; items: Array<{ project: string; iid: number; requesterId: string }> }
      | { cmd: 'mem' };
    if (msg.cmd === 'seed') {
      for (const item of msg.items) fileRequest(deps, item);
      console.log(JSON.stringify({ ok: true }));
    } else {
      globalThis.gc?.();
      const m = process.memoryUsage();
      console.log(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed }));
    }
  });
  process.on('SIGTERM', () => {
    void target.stop().finally(() => process.exit(0));
  });
}

void main();
