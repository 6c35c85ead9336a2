import type { Deps } from '../../deps.js';
import { APPLY_DECISION, handleApplyDecision } from './apply-decision.js';
import { DIGEST_BUILD, handleDigestBuild } from './digest-build.js';
import { ESCALATION_NOTE, handleEscalationNote } from './escalation-note.js';
import {
  ESCALATION_CONFIRM,
  ESCALATION_POST,
  ESCALATION_UPDATE,
  handleEscalationConfirm,
  handleEscalationPost,
  handleEscalationUpdate,
} from './escalation-post.js';
import { FILE_REQUEST, handleFileRequest } from './file-request.js';
import { FLAG_CANDIDATE, handleFlagCandidate } from './flag-candidate.js';
import { handleRefinementApply, REFINEMENT_APPLY } from './refinement-apply.js';
import { handleSlackPost, SLACK_POST } from './slack-post.js';
import { handleWebhookDelivery, WEBHOOK_DELIVERY } from './webhook-delivery.js';

/** Every outbox job kind and its handler. Features add their kinds here. */
export function registerOutboxHandlers(deps: Deps): void {
  deps.outbox.register(FILE_REQUEST, handleFileRequest(deps));
  deps.outbox.register(SLACK_POST, handleSlackPost(deps));
  deps.outbox.register(DIGEST_BUILD, handleDigestBuild(deps));
  deps.outbox.register(ESCALATION_POST, handleEscalationPost(deps));
  deps.outbox.register(ESCALATION_UPDATE, handleEscalationUpdate(deps));
  deps.outbox.register(ESCALATION_CONFIRM, handleEscalationConfirm(deps));
  deps.outbox.register(ESCALATION_NOTE, handleEscalationNote(deps));
  deps.outbox.register(REFINEMENT_APPLY, handleRefinementApply(deps));
  deps.outbox.register(FLAG_CANDIDATE, handleFlagCandidate(deps));
  deps.outbox.register(APPLY_DECISION, handleApplyDecision(deps));
  deps.outbox.register(WEBHOOK_DELIVERY, handleWebhookDelivery(deps));
}
