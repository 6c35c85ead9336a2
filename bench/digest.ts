import { type ChildProcess, spawn } from 'node:child_process';
import { buildDigestMessage } from '../src/slack/messages/digest-message.js';
import { loadDigest } from '../src/use-cases/load-digest.js';
import type { FakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { linesOf, track } from './children.js';
import { startBot } from './targets.js';

async function spawnFakeGitLab(
  n: number,
  latency: number,
): Promise<{ url: string; token: string; control: string; child: ChildProcess }> {
  const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const script = new URL('./fake-gitlab-process.ts', import.meta.url).pathname;
  const child = track(
    spawn(process.execPath, [tsx, script, String(n), String(latency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const line = await linesOf(child).next();
  return { ...(JSON.parse(line) as { url: string; token: string; control: string }), child };
}
const NOW = Date.parse('2024-03-13T12:00:00Z');

/** Time to build and post a digest, and GitLab calls made, for milestones of growing size. */
export async function benchDigest(out: (s?: string) => void, quick: boolean): Promise<void> {
  const sizes = quick ? [100, 1000] : [100, 1000, 10_000];
  const latency = 50;
  out(`## 3. Digest scaling (fake GitLab in its own process at ${latency} ms per call, one group)`);
  out();
  out('| milestone issues | build + post | GitLab calls | issues counted |');
  out('| --- | --- | --- | --- |');
  for (const n of sizes) {
    const slack = await startFakeSlack();
    const fake = await spawnFakeGitLab(n, latency);
    const target = await startBot(slack, { url: fake.url, token: fake.token } as FakeGitLab, {
      GITLAB_GROUPS: 'sec',
      GITLAB_INTERNAL_PROJECT: 'sec/internal-tools',
      GITLAB_PRODUCT_PROJECT: 'sec/product',
    });
    await fetch(`${fake.control}/reset`);
    const t0 = performance.now();
    const digest = await loadDigest(target.bot.deps, { timezone: 'UTC' }, NOW);
    const message = buildDigestMessage({
      digest,
      audience: { kind: 'channel', teamData: true },
      waiting: digest.stale,
      staleDays: 14,
    });
    await target.bot.deps.slack.chat.postMessage({ channel: 'CDIGEST', ...message });
    const elapsed = performance.now() - t0;
    const { calls } = (await (await fetch(`${fake.control}/calls`)).json()) as { calls: number };
    out(`| ${n} | ${(elapsed / 1000).toFixed(2)} s | ${calls} | ${digest.planned.count} |`);
    await target.stop();
    fake.child.kill();
    await slack.close();
  }
  out();
}
