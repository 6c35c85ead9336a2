import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { linesOf, track } from './children.js';
import { benchDigest } from './digest.js';
import { benchIntake } from './intake.js';
import { burst, type Case } from './load.js';
import { benchMemory } from './memory.js';
import { productionFlags, settle, spawnProductionBot } from './production.js';
import { fmt, type Summary, summarize } from './stats.js';
import { benchWebhooks } from './webhooks.js';

const quick = process.argv.includes('--quick');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const BURSTS = arg('bursts')?.split(',').map(Number) ?? (quick ? [200] : [200, 500]);
const CASES = (arg('cases')?.split(',') ?? ['help', 'request', 'submission']) as Case[];
const lines: string[] = [];
const out = (s = '') => {
  console.log(s);
  lines.push(s);
};

/** Runs a bench script in its own process and waits for the first line it prints. */
async function spawnLine(script: string, args: string[]) {
  const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const child = track(
    spawn(process.execPath, [tsx, new URL(script, import.meta.url).pathname, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const { next, ask } = linesOf(child);
  return { child, line: await next(), ask };
}

async function spawnBaseline(slackUrl: string, gitlabUrl: string, token: string) {
  const { child, line } = await spawnLine('./target-process.ts', ['baseline', slackUrl, gitlabUrl, token]);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** Time from a trigger's issue to its views.open reaching Slack; '–' where the case opens no modal. */
const modalCell = (m: Summary | undefined) => (m && m.n > 0 ? `${fmt(m.p99)} / ${fmt(m.max)}` : '–');
/** The warm rounds' medians of p99 and max (undefined when no round opened a modal). */
const pickSummary = (ms: Summary[]): Summary | undefined =>
  ms.some((m) => m.n > 0)
    ? { ...ms[0]!, p99: median(ms.map((m) => m.p99)), max: median(ms.map((m) => m.max)) }
    : undefined;
const ratio = (a: number, b: number) => (a / Math.max(b, 0.001)).toFixed(2);

/**
 * Each (case, burst) cell gets a fresh bot and a fresh baseline, so its first round is cold (no
 * JIT, no pooled connections, no lazy auth.test yet), then rounds 2..N are warm. The two targets
 * alternate burst by burst (baseline, then bot), so the machine's noise falls on both.
 */
async function ackLatency(): Promise<void> {
  const rounds = Number(arg('rounds') ?? (quick ? 3 : 5));
  const flags = productionFlags().join(' ') || '(none)';
  out(
    `## 1. Acknowledgement latency, cold and warm (ms, loopback; fake GitLab at 500 ms per call; ${rounds} rounds per cell)`,
  );
  out();
  out(
    `Bot: \`node ${flags} dist/app.js\` (the flags of deploy/prodsec-bot.service's ExecStart). Baseline: a bare Bolt app on the same receiver that acknowledges and, for \`request\`, opens the same request modal (same view JSON) through Bolt's WebClient. Same answers: help with the bot's help message, a submission (the typed form, an automation request) with the bot's "saved" view. Each cell starts both afresh and sends traffic once \`/readyz\` answers 200: **cold** is the first burst after start-up, **warm** the median of rounds 2–${rounds}. Before each burst, the bot, the baseline and the fakes are left to go quiet (no CPU for 200 ms), so one target's leftover work (modals still being opened) is not measured against the other. Ratio = bot p99 / baseline p99; target ≤ 1.3.`,
  );
  out();
  out(
    '| case | burst | round | bot p50 | bot p99 | bot max | baseline p50 | baseline p99 | p99 ratio | modal open p99 / max, bot | baseline | failures bot/baseline |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const fakes = await spawnLine('./fakes-process.ts', ['500']);
  const f = JSON.parse(fakes.line) as { slackUrl: string; gitlabUrl: string; gitlabToken: string };
  for (const kind of CASES) {
    for (const n of BURSTS) {
      const baseline = await spawnBaseline(f.slackUrl, f.gitlabUrl, f.gitlabToken);
      const bot = await spawnProductionBot(f);
      const runs: Array<{ a: Summary; b: Summary; am: Summary; bm: Summary; failures: string }> = [];
      const pids = [baseline.pid, bot.child.pid as number, fakes.child.pid as number];
      const modals = async () => summarize(JSON.parse(await fakes.ask('modals')) as number[]);
      for (let r = 0; r < rounds; r++) {
        await settle(pids);
        await modals();
        const b = await burst(baseline.url, kind, n);
        await settle(pids);
        const bm = await modals();
        const a = await burst(bot.url, kind, n);
        await settle(pids);
        const am = await modals();
        runs.push({
          a: summarize(a.latencies),
          b: summarize(b.latencies),
          am,
          bm,
          failures: `${a.failures}/${b.failures}`,
        });
        // let the bot's background work (filing through the outbox) drain between bursts
        await waitDrained(bot.outboxDepth, 60_000);
      }
      const cold = runs[0] as (typeof runs)[number];
      const warm = runs.slice(1);
      const pick = (f: (x: (typeof runs)[number]) => number) => median(warm.map(f));
      out(
        `| ${kind} | ${n} | cold | ${fmt(cold.a.p50)} | ${fmt(cold.a.p99)} | ${fmt(cold.a.max)} | ${fmt(cold.b.p50)} | ${fmt(cold.b.p99)} | ${ratio(cold.a.p99, cold.b.p99)} | ${modalCell(cold.am)} | ${modalCell(cold.bm)} | ${cold.failures} |`,
      );
      out(
        `| ${kind} | ${n} | warm | ${fmt(pick((x) => x.a.p50))} | ${fmt(pick((x) => x.a.p99))} | ${fmt(pick((x) => x.a.max))} | ${fmt(pick((x) => x.b.p50))} | ${fmt(pick((x) => x.b.p99))} | ${ratio(
          pick((x) => x.a.p99),
          pick((x) => x.b.p99),
        )} | ${modalCell(pickSummary(warm.map((x) => x.am)))} | ${modalCell(pickSummary(warm.map((x) => x.bm)))} | ${warm.map((x) => x.failures).join(' ')} |`,
      );
      await Promise.all([bot.stop(), baseline.stop()]);
    }
  }
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
  const only = arg('only');
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
