import type { Deps } from '../deps.js';
import { enqueue } from '../jobs/outbox/kinds.js';
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
    if (saved !== null) enqueue(deps, 'webhook_delivery', { deliveryId: saved });
    return saved;
  });
  return id === null ? 'duplicate' : 'accepted';
}
