import type { Deps } from '../../deps.js';
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

/** Every outbox job, registered with the worker. A new kind goes in kinds.ts, its job here. */
export function registerOutboxHandlers(deps: Deps): void {
  deps.outbox.register(fileRequestJob(deps));
  deps.outbox.register(slackPostJob(deps));
  deps.outbox.register(digestBuildJob(deps));
  deps.outbox.register(escalationPostJob(deps));
  deps.outbox.register(escalationUpdateJob(deps));
  deps.outbox.register(escalationConfirmJob(deps));
  deps.outbox.register(escalationNoteJob(deps));
  deps.outbox.register(refinementApplyJob(deps));
  deps.outbox.register(flagCandidateJob(deps));
  deps.outbox.register(applyDecisionJob(deps));
  deps.outbox.register(webhookDeliveryJob(deps));
  deps.outbox.register(supportPostJob(deps));
  deps.outbox.register(requestAnnounceJob(deps));
  deps.outbox.register(requestClaimJob(deps));
}
