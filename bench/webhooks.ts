import { newRequestLabels } from '../src/domain/taxonomy.js';
import { loadTaxonomy } from '../src/policy.js';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';
import { attachHooks, type HookDelivery } from '../test/fakes/gitlab-hooks.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { fileRequest } from '../test/helpers/filed-request.js';
import { fmt, summarize } from './stats.js';
import { startBot } from './targets.js';

const SECRET = 'bench-webhook-secret';
const INTERNAL = 'sec/internal-tools';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
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
  const target = await startBot(slack, gitlab, { GITLAB_WEBHOOK_SECRET: SECRET });
  const { deps } = target.bot;
  const hookUrl = target.url.replace('/slack/events', '/gitlab/webhook');
  const healthUrl = target.url.replace('/slack/events', '/healthz');
  const hooks = attachHooks(gitlab, { target: () => hookUrl, secret: SECRET });
  hooks.setMode('drop');
  const labels = newRequestLabels(loadTaxonomy(undefined));
  const issues = Array.from({ length: processed }, (_, i) => {
    const issue = gitlab.seedIssue(INTERNAL, { title: `Bench request ${i}`, labels });
    fileRequest(deps, { project: INTERNAL, iid: issue.iid, requesterId: `UB${i}` });
    return issue;
  });
  const drained = async () => {
    while (deps.store.outbox.stats().depth > 0) await new Promise((r) => setTimeout(r, 5));
  };
  const take = (): HookDelivery[] => hooks.deliveries.splice(0);
  const change = (i: number, label: string) =>
    gitlab.editIssue(INTERNAL, issues[i % issues.length]!.iid, { addLabels: [label] }, 'bench-user');

  // 1. Ack latency: a burst of webhooks vs a burst of /healthz.
  for (let i = 0; i < 20; i++) await fetch(healthUrl).then((r) => r.text());
  const reps = quick ? 1 : 3;
  const rows: string[] = [];
  const steps = ['workflow::in dev', 'workflow::blocked', 'workflow::ready for development'];
  for (let r = 0; r < reps; r++) {
    const health = await Promise.all(
      Array.from({ length: burstSize }, () => timed(() => fetch(healthUrl).then((x) => x.text()))),
    );
    for (let i = 0; i < burstSize; i++) change(i, steps[r % steps.length]!);
    const batch = take();
    const statuses: number[] = [];
    const acks = await Promise.all(batch.map((d) => timed(async () => statuses.push(await hooks.post(d)))));
    const a = summarize(acks);
    const h = summarize(health);
    const failures = statuses.filter((s) => s !== 204).length;
    rows.push(
      `| ${burstSize} | ${fmt(a.p50)} | ${fmt(a.p99)} | ${fmt(a.max)} | ${fmt(h.p50)} | ${fmt(h.p99)} | ${(a.p99 / Math.max(h.p99, 0.001)).toFixed(2)} | ${failures} |`,
    );
    await drained();
  }
  out('## 5. GitLab webhooks (bot, fakes and load in one process; fake Slack and GitLab at 0 ms)');
  out();
  out('| burst | webhook ack p50 | p99 | max | /healthz p50 | /healthz p99 | p99 ratio | non-204 |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) out(row);
  out();

  // 2. Throughput: label-change deliveries until every notice is posted.
  const posted0 = slack.callsTo('chat.postMessage').length;
  for (let i = 0; i < processed; i++) change(i, 'team::Product Security Engineering');
  const batch = take();
  const t0 = performance.now();
  await inBatches(batch, 50, (d) => hooks.post(d));
  const acked = performance.now() - t0;
  await drained();
  const elapsed = performance.now() - t0;
  const notices = slack.callsTo('chat.postMessage').length - posted0;
  out('| label-change deliveries | all acknowledged in | all notices posted in | notices |');
  out('| --- | --- | --- | --- |');
  out(`| ${processed} | ${(acked / 1000).toFixed(2)} s | ${(elapsed / 1000).toFixed(2)} s | ${notices} |`);
  out();

  // 3. Memory over many deliveries (label toggles that tell nobody; bodies dropped as sent).
  out('| deliveries | RSS | heap used |');
  out('| --- | --- | --- |');
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  const sample = (n: number) => {
    const m = process.memoryUsage();
    out(`| ${n} | ${mb(m.rss)} | ${mb(m.heapUsed)} |`);
  };
  sample(0);
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
    globalThis.gc?.();
    sample(done);
  }
  out();
  hooks.detach();
  await target.stop();
  await Promise.all([slack.close(), gitlab.close()]);
}
