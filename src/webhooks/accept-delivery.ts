import type { Deps } from '../deps.js';
import { WEBHOOK_DELIVERY } from '../jobs/outbox/webhook-delivery.js';
import { writeTx } from '../store/db.js';

/**
 * Saves a GitLab delivery and queues its processing in one transaction, before anything talks
 * to Slack or GitLab. A key seen before (GitLab's retry, "Resend request", even after a restart)
 * is a duplicate and changes nothing.
 */
export function acceptDelivery(
  deps: Pick<Deps, 'store' | 'clock' | 'outbox'>,
  d: { dedupeKey: string; event: string; body: string },
): 'accepted' | 'duplicate' {
  const now = deps.clock();
  const id = writeTx(deps.store.db, () => {
    const saved = deps.store.issueChanges.saveDelivery(d, now);
    if (saved !== null) {
      deps.store.outbox.enqueue(WEBHOOK_DELIVERY, { deliveryId: saved }, now, {
        dedupeKey: `webhook-delivery:${saved}`,
      });
    }
    return saved;
  });
  if (id === null) return 'duplicate';
  void deps.outbox.kick();
  return 'accepted';
}
