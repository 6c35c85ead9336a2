import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { SIGNING_SECRET } from '../test/helpers/slack-request.js';
import { sustained } from './load.js';
import { productionFlags, rssMb } from './production.js';

/** Resident memory of the bot process (alone, built JS) after start-up and after many requests. */
export async function benchMemory(out: (s?: string) => void, quick: boolean): Promise<void> {
  const total = quick ? 2000 : 10_000;
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-mem-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const entry = new URL('../dist/app.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [...productionFlags(), entry], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: String(port),
      GITLAB_URL: gitlab.url,
      GITLAB_TOKEN: gitlab.token,
      GITLAB_INTERNAL_PROJECT: 'sec/internal-tools',
      GITLAB_PRODUCT_PROJECT: 'gitlab-org/product',
      DATABASE_PATH: join(dir, 'bot.db'),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500));
  const heapMb = async () => {
    const text = await fetch(`${url}/metrics`).then((r) => r.text());
    return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? 0) / 2 ** 20;
  };
  const points: Array<{ handled: number; rss: number; heap: number }> = [
    { handled: 0, rss: rssMb(child.pid as number), heap: await heapMb() },
  ];
  const rounds = 5;
  let failures = 0;
  for (let r = 0; r < rounds; r++) {
    const n = total / rounds;
    failures += await sustained(`${url}/slack/events`, 'help', n / 2, 50);
    failures += await sustained(`${url}/slack/events`, 'submission', n / 2, 50);
    await new Promise((res) => setTimeout(res, 1000));
    points.push({ handled: (r + 1) * n, rss: rssMb(child.pid as number), heap: await heapMb() });
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  out(
    `## 4. Memory (bot process alone: \`node ${productionFlags().join(' ')} dist/app.js\`; half /prodsec help, half intake submissions)`,
  );
  out();
  out('| requests handled | RSS | heap used |');
  out('| --- | --- | --- |');
  for (const p of points) out(`| ${p.handled} | ${p.rss.toFixed(0)} MB | ${p.heap.toFixed(0)} MB |`);
  out(`\nFailures: ${failures}.`);
  out();
  await Promise.all([slack.close(), gitlab.close()]);
}
