import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createOpsMetrics } from './ops/metrics.js';
import type { Store } from './store/index.js';

/** Prometheus metrics: one registry per bot instance, so tests can run several side by side. */
export function createMetrics() {
  const registry = new Registry();
  // Process metrics (resident memory, heap, event-loop lag) for operators and the benchmark.
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  /** A gauge read at scrape time. */
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const requests = counter(
    'prodsec_slack_requests_total',
    'Slack requests received, by kind and HTTP outcome',
    ['kind', 'outcome'],
  );
  const ackLatency = new Histogram({
    name: 'prodsec_slack_ack_seconds',
    help: 'Time from receiving a Slack request to acknowledging it',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
    registers: [registry],
  });
  const gitlabCalls = counter(
    'prodsec_gitlab_calls_total',
    'GitLab API calls by method and outcome (HTTP status, timeout, network)',
    ['method', 'outcome'],
  );
  const slackCalls = counter('prodsec_slack_api_calls_total', 'Slack Web API calls by method and outcome', [
    'method',
    'outcome',
  ]);
  /** Set by the bot: read from SQLite at scrape time, so they are exact whenever scraped. */
  const outboxStats = {
    collect: (): { depth: number; oldestAgeSeconds: number } => ({ depth: 0, oldestAgeSeconds: 0 }),
  };
  gauge(
    'prodsec_outbox_depth',
    'Side effects waiting to reach GitLab or Slack',
    () => outboxStats.collect().depth,
  );
  gauge(
    'prodsec_outbox_oldest_age_seconds',
    'Age of the oldest waiting side effect',
    () => outboxStats.collect().oldestAgeSeconds,
  );
  const digestRuns = counter('prodsec_digest_runs_total', 'Digest runs by outcome', ['outcome']);
  /** Set by the bot: read from SQLite at scrape time. */
  const escalationsOpen = {
    collect: (): number => 0,
  };
  gauge('prodsec_escalations_open', 'Escalations not yet resolved', () => escalationsOpen.collect());
  return {
    registry,
    requests,
    ackLatency,
    gitlabCalls,
    slackCalls,
    outboxStats,
    digestRuns,
    escalationsOpen,
    ops: createOpsMetrics(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Points the scrape-time gauges at SQLite: open escalations and the outbox's depth and oldest age. */
export function collectFromStore(
  metrics: Metrics,
  store: Pick<Store, 'escalations' | 'outbox'>,
  clock: () => number,
): void {
  metrics.escalationsOpen.collect = () => store.escalations.listOpen().length;
  metrics.outboxStats.collect = () => {
    const { depth, oldest } = store.outbox.stats();
    return { depth, oldestAgeSeconds: oldest === null ? 0 : (clock() - oldest) / 1000 };
  };
}
