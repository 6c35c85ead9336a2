import { createAuditRepo } from './audit-repo.js';
import type { Db } from './db.js';
import { createDeliveriesRepo } from './deliveries-repo.js';
import { createOutboxRepo } from './outbox-repo.js';
import { createRequestsRepo } from './requests-repo.js';

/** Every repository over one database handle. */
export function createStore(db: Db) {
  return {
    db,
    requests: createRequestsRepo(db),
    outbox: createOutboxRepo(db),
    deliveries: createDeliveriesRepo(db),
    audit: createAuditRepo(db),
  };
}

export type Store = ReturnType<typeof createStore>;
