import { spawn } from 'node:child_process';
import { newRequestLabels } from '../src/domain/taxonomy.js';
import { loadTaxonomy } from '../src/policy.js';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { attachHooks, type HookDelivery } from '../test/fakes/gitlab-hooks.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { linesOf, track } from './children.js';
import { settle } from './production.js';
import { fmt, summarize } from './stats.js';

const SECRET = 'bench-webhook-secret';
const INTERNAL = 'sec/internal-tools';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The bot in its own process (bench/webhook-target-process.ts), talking to the fakes here by URL.
 * `ask` sends one command line and resolves with the JSON line it answers.
 */
async function spawnBot(slackUrl: string, gitlabUrl: string, token: string) {
  // One process (tsx as a loader, not its CLI wrapper), so its flags and memory are the bot's;
  // BENCH_BOT_NODE_FLAGS adds flags to it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const loader = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
  const script = new URL('./webhook-target-process.ts', import.meta.url).pathname;
  const flags = (process.env.BENCH_BOT_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = track(
    spawn(
      process.execPath,
      ['--expose-gc', ...flags, '--import', loader, script, slackUrl, gitlabUrl, token, SECRET],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  const lines = linesOf(child);
  const { url } = JSON.parse(await lines.next()) as { url: string };
  return {
    url,
    pid: child.pid as number,
    async ask<T>(msg: unknown): Promise<T> {
      return JSON.parse(await lines.ask(JSON.stringify(msg))) as T;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function inBatches<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/**
 * GitLab webhooks: acknowledgement latency of a burst next to /healthz at the same burst,
 * label-change deliveries processed end to end (notice posted) with a 0 ms fake Slack, and
 * memory over many deliveries.
 */
export async function benchWebhooks(out: (s?: string) => void, quick: boolean): Promise<void> {
  const burstSize = 200;
  const processed = quick ? 200 : 1000;
  const total = quick ? 2000 : 10_000;
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addGroup({ full_path: 'sec' });
  gitlab.addProject({ path_with_namespace: INTERNAL });
  gitlab.addProject({ path_with_namespace: 'gitlab-org/product' });
  const target = await spawnBot(slack.url, gitlab.url, gitlab.token);
  const hookUrl = target.url.replace('/slack/events', '/gitlab/webhook');
  const healthUrl = target.url.replace('/slack/events', '/healthz');
  const hooks = attachHooks(gitlab, { target: () => hookUrl, secret: SECRET });
  hooks.setMode('drop');
  const labels = newRequestLabels(loadTaxonomy(undefined));
  const issues = Array.from({ length: processed }, (_, i) =>
    gitlab.seedIssue(INTERNAL, { title: `Bench request ${i}`, labels }),
  );
  await target.ask({
    cmd: 'seed',
    items: issues.map((issue, i) => ({ project: INTERNAL, iid: issue.iid, requesterId: `UB${i}` })),
  });
  const depth = async () =>
    ((await fetch(healthUrl).then((r) => r.json())) as { outbox: { depth: number } }).outbox.depth;
  const drained = async () => {
    while ((await depth()) > 0) await new Promise((r) => setTimeout(r, 5));
  };
  /** Waits until `n` more notices than `from` were posted to the fake Slack. */
  const noticesPosted = async (from: number, n: number) => {
    while (slack.callsTo('chat.postMessage').length - from < n) await new Promise((r) => setTimeout(r, 2));
  };
  const take = (): HookDelivery[] => hooks.deliveries.splice(0);
  const change = (i: number, label: string) =>
    gitlab.editIssue(INTERNAL, issues[i % issues.length]!.iid, { addLabels: [label] }, 'bench-user');

  // 1. Ack latency: a burst of webhooks vs a burst of /healthz.
  // Both paths warmed alike (20 sequential requests each), so the first burst is not start-up.
  for (let i = 0; i < 20; i++) await fetch(healthUrl).then((r) => r.text());
  for (let i = 0; i < 20; i++) change(i, 'bench::warm-up');
  for (const d of take()) await hooks.post(d);
  await drained();
  const reps = quick ? 1 : 5;
  const rows: string[] = [];
  const ratios: number[] = [];
  const steps = ['workflow::in dev', 'workflow::blocked', 'workflow::ready for development'];
  for (let r = 0; r < reps; r++) {
    // Each burst starts on a quiet bot: what the previous one queued is done (not only dequeued).
    await settle([target.pid]);
    const health = await Promise.all(
      Array.from({ length: burstSize }, () => timed(() => fetch(healthUrl).then((x) => x.text()))),
    );
    for (let i = 0; i < burstSize; i++) change(i, steps[r % steps.length]!);
    const batch = take();
    await settle([target.pid]);
    const statuses: number[] = [];
    const acks = await Promise.all(batch.map((d) => timed(async () => statuses.push(await hooks.post(d)))));
    const a = summarize(acks);
    const h = summarize(health);
    const failures = statuses.filter((s) => s !== 204).length;
    ratios.push(a.p99 / Math.max(h.p99, 0.001));
    rows.push(
      `| ${burstSize} | ${fmt(a.p50)} | ${fmt(a.p99)} | ${fmt(a.max)} | ${fmt(h.p50)} | ${fmt(h.p99)} | ${(a.p99 / Math.max(h.p99, 0.001)).toFixed(2)} | ${failures} |`,
    );
    await drained();
  }
  out(
    '## 5. GitLab webhooks (the bot in its own process; fakes and load in another; fake Slack and GitLab at 0 ms)',
  );
  out();
  out('| burst | webhook ack p50 | p99 | max | /healthz p50 | /healthz p99 | p99 ratio | non-204 |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) out(row);
  out();
  const sorted = [...ratios].sort((x, y) => x - y);
  out(
    `Median p99 ratio over the ${reps} bursts: ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} (target ≤ 2).`,
  );
  out();

  // 2. Throughput: label-change deliveries until every notice is posted.
  const posted0 = slack.callsTo('chat.postMessage').length;
  for (let i = 0; i < processed; i++) change(i, 'team::Product Security Engineering');
  const batch = take();
  const t0 = performance.now();
  await inBatches(batch, 50, (d) => hooks.post(d));
  const acked = performance.now() - t0;
  await noticesPosted(posted0, processed);
  const elapsed = performance.now() - t0;
  await drained();
  const notices = slack.callsTo('chat.postMessage').length - posted0;
  out('| label-change deliveries | all acknowledged in | all notices posted in | notices |');
  out('| --- | --- | --- | --- |');
  out(`| ${processed} | ${(acked / 1000).toFixed(2)} s | ${(elapsed / 1000).toFixed(2)} s | ${notices} |`);
  out();

  // 3. Memory over many deliveries (label toggles that tell nobody; bodies dropped as sent).
  out('| deliveries | RSS | heap used |');
  out('| --- | --- | --- |');
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  const sample = async (n: number) => {
    const m = await target.ask<{ rss: number; heapUsed: number }>({ cmd: 'mem' });
    out(`| ${n} | ${mb(m.rss)} | ${mb(m.heapUsed)} |`);
  };
  await sample(0);
  const step = total / 5;
  for (let done = 0; done < total; ) {
    const chunk: HookDelivery[] = [];
    for (let i = 0; i < step; i++, done++) {
      const issue = issues[done % issues.length]!;
      const on = issue.labels.includes('bench::toggle');
      gitlab.editIssue(
        INTERNAL,
        issue.iid,
        on ? { removeLabels: ['bench::toggle'] } : { addLabels: ['bench::toggle'] },
        'bench-user',
      );
      chunk.push(...take());
    }
    await inBatches(chunk, 50, (d) => hooks.post(d));
    await drained();
    slack.calls.length = 0;
    gitlab.calls.length = 0;
    await sample(done);
  }
  out();
  hooks.detach();
  await target.stop();
  await Promise.all([slack.close(), gitlab.close()]);
}
