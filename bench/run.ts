import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { benchDigest } from './digest.js';
import { benchIntake } from './intake.js';
import { burst, type Case } from './load.js';
import { benchMemory } from './memory.js';
import { fmt, type Summary, summarize } from './stats.js';
import { benchWebhooks } from './webhooks.js';

const quick = process.argv.includes('--quick');
const BURSTS = quick ? [50, 200] : [50, 200, 500];
const CASES: Case[] = ['help', 'request', 'submission'];
const lines: string[] = [];
const out = (s = '') => {
  console.log(s);
  lines.push(s);
};

/** Starts a target (bot or baseline) in its own process; resolves with its URL and a stop function. */
/** Runs a bench script in its own process and waits for the first line it prints. */
async function spawnLine(script: string, args: string[]) {
  const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const child = spawn(process.execPath, [tsx, new URL(script, import.meta.url).pathname, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  return { child, line };
}

async function spawnTarget(kind: 'bot' | 'baseline', slackUrl: string, gitlabUrl: string, token: string) {
  const { child, line } = await spawnLine('./target-process.ts', [kind, slackUrl, gitlabUrl, token]);
  const { url } = JSON.parse(line) as { url: string };
  const metrics = url.replace('/slack/events', '/metrics');
  return {
    url,
    async outboxDepth(): Promise<number> {
      const text = await fetch(metrics)
        .then((r) => r.text())
        .catch(() => '');
      return Number(/^prodsec_outbox_depth (\S+)/m.exec(text)?.[1] ?? 0);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function ackLatency(): Promise<void> {
  const reps = quick ? 1 : 5;
  out(
    `## 1. Acknowledgement latency (ms, loopback; each target alone in its process; fake GitLab at 500 ms per call; median of ${reps} bursts)`,
  );
  out();
  out(
    '| case | burst | bot p50 | bot p95 | bot p99 | bot max | >3 s | baseline p50 | baseline p99 | p99 ratio | failures |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const fakes = await spawnLine('./fakes-process.ts', ['500']);
  const { slackUrl, gitlabUrl, gitlabToken } = JSON.parse(fakes.line) as Record<string, string>;
  const bot = await spawnTarget('bot', slackUrl as string, gitlabUrl as string, gitlabToken as string);
  const baseline = await spawnTarget(
    'baseline',
    slackUrl as string,
    gitlabUrl as string,
    gitlabToken as string,
  );
  // warm both (JIT, connection pools, lazy auth.test)
  for (const kind of CASES) {
    await burst(bot.url, kind, 50);
    await burst(baseline.url, kind, 50);
  }
  await waitDrained(bot.outboxDepth, 60_000);
  for (const kind of CASES) {
    for (const n of BURSTS) {
      const runs: Array<{ a: Summary; b: Summary; failures: string }> = [];
      for (let r = 0; r < reps; r++) {
        const b = await burst(baseline.url, kind, n);
        const a = await burst(bot.url, kind, n);
        runs.push({
          a: summarize(a.latencies),
          b: summarize(b.latencies),
          failures: `${a.failures}/${b.failures}`,
        });
        // let the bot's background work (filing through the outbox) drain between bursts
        await waitDrained(bot.outboxDepth, 60_000);
      }
      const pick = (f: (x: (typeof runs)[number]) => number) => median(runs.map(f));
      const ap99 = pick((x) => x.a.p99);
      const bp99 = pick((x) => x.b.p99);
      out(
        `| ${kind} | ${n} | ${fmt(pick((x) => x.a.p50))} | ${fmt(pick((x) => x.a.p95))} | ${fmt(ap99)} | ${fmt(pick((x) => x.a.max))} | ${Math.max(...runs.map((x) => x.a.over3s))} | ${fmt(pick((x) => x.b.p50))} | ${fmt(bp99)} | ${(ap99 / Math.max(bp99, 0.001)).toFixed(2)} | ${runs.map((x) => x.failures).join(' ')} |`,
      );
    }
  }
  await Promise.all([bot.stop(), baseline.stop()]);
  fakes.child.kill();
  out();
}

async function waitDrained(depth: () => Promise<number>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while ((await depth()) > 0 && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 100));
}

async function main(): Promise<void> {
  out(`# prodsec-bot benchmark${quick ? ' (quick)' : ''}`);
  out();
  out(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
  );
  out();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const want = (part: string) => !only || only.split(',').includes(part);
  if (want('ack')) await ackLatency();
  if (want('intake')) await benchIntake(out, quick);
  if (want('digest')) await benchDigest(out, quick);
  if (want('memory')) await benchMemory(out, quick);
  if (want('webhooks')) await benchWebhooks(out, quick);
  if (!quick && !only) {
    const notes = readFileSync(new URL('./notes.md', import.meta.url), 'utf8');
    writeFileSync(new URL('./results.md', import.meta.url), `${lines.join('\n')}\n${notes}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
