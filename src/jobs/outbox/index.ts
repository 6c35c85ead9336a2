import type { Deps } from '../../deps.js';
import type { JobDefinition } from '../define-job.js';
import { applyDecisionJob } from './apply-decision.js';
import { digestBuildJob } from './digest-build.js';
import { escalationNoteJob } from './escalation-note.js';
import { escalationConfirmJob, escalationPostJob, escalationUpdateJob } from './escalation-post.js';
import { fileRequestJob } from './file-request.js';
import { flagCandidateJob } from './flag-candidate.js';
import { refinementApplyJob } from './refinement-apply.js';
import { requestAnnounceJob, requestClaimJob } from './request-announce.js';
import { slackPostJob } from './slack-post.js';
import { supportPostJob } from './support-post.js';
import { webhookDeliveryJob } from './webhook-delivery.js';
import { workflowStepCompleteJob } from './workflow-step-complete.js';

/** Keeps each job's payload type while the table holds jobs of every kind. */
const registered =
  <P>(job: (deps: Deps) => JobDefinition<P>) =>
  (deps: Deps): void =>
    deps.outbox.register(job(deps));

/** Every outbox job kind's job. A new kind goes in kinds.ts, its job here. */
const OUTBOX_JOBS = [
  registered(fileRequestJob),
  registered(slackPostJob),
  registered(digestBuildJob),
  registered(escalationPostJob),
  registered(escalationUpdateJob),
  registered(escalationConfirmJob),
  registered(escalationNoteJob),
  registered(refinementApplyJob),
  registered(flagCandidateJob),
  registered(applyDecisionJob),
  registered(webhookDeliveryJob),
  registered(supportPostJob),
  registered(workflowStepCompleteJob),
  registered(requestAnnounceJob),
  registered(requestClaimJob),
];

/** Registers every outbox job with the worker. */
export function registerOutboxHandlers(deps: Deps): void {
  for (const register of OUTBOX_JOBS) register(deps);
}
