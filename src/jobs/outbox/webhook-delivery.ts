import type { Deps } from '../../deps.js';
import { processDelivery } from '../../webhooks/process-delivery.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/** Thin: loads the saved delivery and hands it to the use case. */
export const webhookDeliveryJob = (deps: Deps) =>
  defineJob({
    kind: 'webhook_delivery',
    payload: JOB_KINDS.webhook_delivery.payload,
    run: async ({ deliveryId }) => {
      const delivery = deps.store.issueChanges.delivery(deliveryId);
      if (delivery) await processDelivery(deps, delivery);
    },
  });
