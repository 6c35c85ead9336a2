import { createAuditRepo } from './audit-repo.js';
import type { Db } from './db.js';
import { createDecisionsRepo } from './decisions-repo.js';
import { createDeliveriesRepo } from './deliveries-repo.js';
import { createDigestsRepo } from './digests-repo.js';
import { createEscalationsRepo } from './escalations-repo.js';
import { createFlagsRepo } from './flags-repo.js';
import { createIdentityRepo } from './identity-repo.js';
import { createIssueChangesRepo } from './issue-changes-repo.js';
import { createOpsRepo } from './ops-repo.js';
import { createOutboxRepo } from './outbox-repo.js';
import { createOwnersRepo } from './owners-repo.js';
import { createRefinementsRepo } from './refinements-repo.js';
import { createRemindersRepo } from './reminders-repo.js';
import { createRequestsRepo } from './requests-repo.js';
import { createSupportRepo } from './support-repo.js';
import { createWorkflowStepsRepo } from './workflow-steps-repo.js';

/** Every repository over one database handle. */
export function createStore(db: Db) {
  return {
    db,
    requests: createRequestsRepo(db),
    outbox: createOutboxRepo(db),
    deliveries: createDeliveriesRepo(db),
    audit: createAuditRepo(db),
    digests: createDigestsRepo(db),
    reminders: createRemindersRepo(db),
    escalations: createEscalationsRepo(db),
    refinements: createRefinementsRepo(db),
    flags: createFlagsRepo(db),
    decisions: createDecisionsRepo(db),
    owners: createOwnersRepo(db),
    identity: createIdentityRepo(db),
    issueChanges: createIssueChangesRepo(db),
    ops: createOpsRepo(db),
    support: createSupportRepo(db),
    workflowSteps: createWorkflowStepsRepo(db),
  };
}

export type Store = ReturnType<typeof createStore>;
