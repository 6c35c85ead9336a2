import type { App, Logger, ReceiverEvent } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

/** Shared with the listeners through Bolt's context: the error handler marks a failed request. */
export interface RequestOutcome {
  failed: boolean;
}

/** What a receiver holds for every request: the app it hands requests to, its logger and metrics. */
export interface DeliveryTools {
  app: App;
  logger: Logger;
  metrics: Metrics;
}

/** One request as its receiver took it: the payload, and how to answer it on that transport. */
export interface SlackDelivery {
  body: Record<string, unknown>;
  kind: string;
  requestId: string;
  ack: ReceiverEvent['ack'];
  retryNum: number | undefined;
  retryReason: string | undefined;
  /** Whether the request has been answered (a listener acknowledged it). */
  answered(): boolean;
  /** Answers a request no listener acknowledged; `failed` when a listener threw. */
  answerUnacknowledged(failed: boolean): Promise<void> | void;
}

/** Counts an acknowledgement and its latency; answers the milliseconds since the request arrived. */
export function countAck(metrics: Metrics, kind: string, started: number): number {
  const ms = performance.now() - started;
  metrics.ackLatency.observe({ kind }, ms / 1000);
  metrics.requests.inc({ kind, outcome: 'acked' });
  return ms;
}

/**
 * The tail both receivers share: hand the request to Bolt, and once every listener has
 * finished, answer what nobody acknowledged so Slack neither waits for its timeout nor
 * redelivers. A failed listener has been logged and the person told by the error handler.
 */
export async function processSlackDelivery(tools: DeliveryTools, d: SlackDelivery): Promise<void> {
  const outcome: RequestOutcome = { failed: false };
  const event: ReceiverEvent = {
    body: d.body,
    ack: d.ack,
    retryNum: d.retryNum,
    retryReason: d.retryReason,
    customProperties: { requestId: d.requestId, outcome },
  };
  try {
    await tools.app.processEvent(event);
  } catch (err) {
    tools.logger.error(
      { requestId: d.requestId, kind: d.kind, err: (err as Error).message },
      'unhandled error while processing',
    );
  }
  if (!d.answered()) {
    tools.metrics.requests.inc({ kind: d.kind, outcome: outcome.failed ? '500' : 'unhandled' });
    await d.answerUnacknowledged(outcome.failed);
  }
}
