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

/** Remembers recent keys in memory: bounded in size and age. */
export function createRecentKeys(max = 20_000, ttlMs = 60 * 60_000) {
  const seen = new Map<string, number>();
  return {
    /** True the first time a key is seen within the window. */
    firstSeen(key: string, now: number): boolean {
      const at = seen.get(key);
      if (at !== undefined && now - at < ttlMs) return false;
      seen.delete(key);
      seen.set(key, now);
      if (seen.size > max) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return true;
    },
  };
}

/**
 * Runs each Slack delivery once. The key is claimed before any listener runs, so a retry that
 * arrives while the first attempt is still working is acknowledged and dropped.
 * NOTE: only the Events API redelivers (up to three times over minutes, possibly across a
 * restart), so event ids are also kept in SQLite; commands and interactions are not retried
 * by Slack, and an in-memory window keeps SQLite writes off their acknowledgement path.
 */
export function dedupeDeliveries(deps: Pick<Deps, 'store' | 'clock' | 'log'>): Middleware<AnyMiddlewareArgs> {
  const recent = createRecentKeys();
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const key = deliveryKey(body);
    const now = deps.clock();
    const first =
      key === undefined ||
      (recent.firstSeen(key, now) &&
        (!key.startsWith('event:') || deps.store.deliveries.firstSeen(key, now)));
    if (!first) {
      deps.log.info({ key }, 'duplicate Slack delivery dropped');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await args.next();
  };
}

const isId = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/** True for an interaction that names no id a listener could be registered for. */
export function lacksListenerId(body: Record<string, unknown>): boolean {
  switch (body.type) {
    case 'view_submission':
    case 'view_closed':
      return !isId((body.view as { callback_id?: unknown } | undefined)?.callback_id);
    case 'block_actions': {
      const actions = body.actions;
      return (
        !Array.isArray(actions) || !actions.every((a) => isId((a as { action_id?: unknown })?.action_id))
      );
    }
    case 'shortcut':
    case 'message_action':
      return !isId(body.callback_id);
    default:
      return false;
  }
}

/**
 * Acknowledges, quietly, an interaction no listener can own (e.g. a view without a callback_id,
 * from another app's modal or a hand-made payload) before Bolt's matchers read the missing id.
 * NOTE: Bolt's constraint matcher calls `.match` on the id and throws when it is absent, which
 * would answer Slack with a 500.
 */
export function ignoreUnownedInteractions(deps: Pick<Deps, 'log'>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    if (!lacksListenerId(body)) {
      await args.next();
      return;
    }
    deps.log.info({ type: body.type }, 'interaction without a listener id acknowledged');
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  };
}
