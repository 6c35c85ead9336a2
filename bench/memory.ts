import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { sustained } from './load.js';
import { productionFlags, rssMb, spawnProductionBot } from './production.js';

/** Resident memory of the bot process (alone, built JS) after start-up and after many requests. */
export async function benchMemory(out: (s?: string) => void, quick: boolean): Promise<void> {
  const total = quick ? 2000 : 10_000;
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  const bot = await spawnProductionBot({
    slackUrl: slack.url,
    gitlabUrl: gitlab.url,
    gitlabToken: gitlab.token,
  });
  const { child, base: url } = bot;
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
  await bot.stop();
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
