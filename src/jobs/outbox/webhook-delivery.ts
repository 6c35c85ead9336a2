import type { Deps } from '../../deps.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { processDelivery } from '../../webhooks/process-delivery.js';

export const WEBHOOK_DELIVERY = 'webhook_delivery';

/** Thin: loads the saved delivery and hands it to the use case. */
export function handleWebhookDelivery(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { deliveryId } = job.payload as { deliveryId: number };
    const delivery = deps.store.issueChanges.delivery(deliveryId);
    if (delivery) await processDelivery(deps, delivery);
  };
}
