import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { benchDigest } from './digest.js';
import { benchIntake } from './intake.js';
import { burst, type Case } from './load.js';
import { benchMemory } from './memory.js';
import { fmt, type Summary, summarize } from './stats.js';
import { startBaseline, startBot } from './targets.js';

const quick = process.argv.includes('--quick');
const BURSTS = quick ? [50, 200] : [50, 200, 500];
const CASES: Case[] = ['help', 'request', 'submission'];
const lines: string[] = [];
const out = (s = '') => {
  console.log(s);
  lines.push(s);
};

async function ackLatency(): Promise<void> {
  out('## 1. Acknowledgement latency (ms, loopback, fake GitLab at 500 ms per call)');
  out();
  out(
    '| case | burst | bot p50 | bot p95 | bot p99 | bot max | >3 s | baseline p50 | baseline p99 | p99 ratio | failures |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  gitlab.setLatency(500);
  const bot = await startBot(slack, gitlab);
  const baseline = await startBaseline(slack);
  // warm both (JIT, connection pools, lazy auth.test)
  await burst(bot.url, 'help', 20);
  await burst(baseline.url, 'help', 20);
  for (const kind of CASES) {
    for (const n of BURSTS) {
      const b: { latencies: number[]; failures: number } = await burst(baseline.url, kind, n);
      const a = await burst(bot.url, kind, n);
      const sa: Summary = summarize(a.latencies);
      const sb: Summary = summarize(b.latencies);
      out(
        `| ${kind} | ${n} | ${fmt(sa.p50)} | ${fmt(sa.p95)} | ${fmt(sa.p99)} | ${fmt(sa.max)} | ${sa.over3s} | ${fmt(sb.p50)} | ${fmt(sb.p99)} | ${(sa.p99 / Math.max(sb.p99, 0.001)).toFixed(2)} | ${a.failures}/${b.failures} |`,
      );
      // let the bot's background work (filing through the outbox) drain between bursts
      await waitDrained(bot.bot.deps.store.outbox.stats, 60_000);
    }
  }
  await Promise.all([bot.stop(), baseline.stop()]);
  await Promise.all([slack.close(), gitlab.close()]);
  out();
}

async function waitDrained(stats: () => { depth: number }, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (stats().depth > 0 && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 50));
}

async function main(): Promise<void> {
  out(`# prodsec-bot benchmark${quick ? ' (quick)' : ''}`);
  out();
  out(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
  );
  out();
  await ackLatency();
  await benchIntake(out, quick);
  await benchDigest(out, quick);
  await benchMemory(out, quick);
  if (!quick) writeFileSync(new URL('./results.md', import.meta.url), `${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
