import type { App, Logger, ReceiverEvent } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

/** Shared with the listeners through Bolt's context: the error handler marks a failed request. */
export interface RequestOutcome {
  failed: boolean;
}

export interface SlackDelivery {
  app: App;
  logger: Logger;
  metrics: Metrics;
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

/**
 * The tail both receivers share: hand the request to Bolt, and once every listener has
 * finished, answer what nobody acknowledged so Slack neither waits for its timeout nor
 * redelivers. A failed listener has been logged and the person told by the error handler.
 */
export async function processSlackDelivery(d: SlackDelivery): Promise<void> {
  const outcome: RequestOutcome = { failed: false };
  const event: ReceiverEvent = {
    body: d.body,
    ack: d.ack,
    retryNum: d.retryNum,
    retryReason: d.retryReason,
    customProperties: { requestId: d.requestId, outcome },
  };
  try {
    await d.app.processEvent(event);
  } catch (err) {
    d.logger.error(
      { requestId: d.requestId, kind: d.kind, err: (err as Error).message },
      'unhandled error while processing',
    );
  }
  if (!d.answered()) {
    d.metrics.requests.inc({ kind: d.kind, outcome: outcome.failed ? '500' : 'unhandled' });
    await d.answerUnacknowledged(outcome.failed);
  }
}
