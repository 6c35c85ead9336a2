import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Deps } from '../deps.js';

/** The id Slack repeats when it redelivers the same request: event_id for events, trigger_id otherwise. */
export function deliveryKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') {
    const kind = typeof body.command === 'string' ? 'command' : String(body.type ?? 'interaction');
    return `${kind}:${body.trigger_id}`;
  }
  return undefined;
}

/**
 * Runs each Slack delivery once. The key is written before any listener runs, so a retry that
 * arrives while the first attempt is still working is acknowledged and dropped.
 */
export function dedupeDeliveries(deps: Pick<Deps, 'store' | 'clock' | 'log'>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const key = deliveryKey(body);
    if (key && !deps.store.deliveries.firstSeen(key, deps.clock())) {
      deps.log.info({ key }, 'duplicate Slack delivery dropped');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await args.next();
  };
}
