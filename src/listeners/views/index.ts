import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import { handleDeclineSubmission } from './decline-submission.js';
import { handleEscalationSubmission, handleResolveSubmission } from './escalation-submission.js';
import { handleFlagSubmission } from './flag-submission.js';
import { handleRefineConfirm, handleRefineFinish } from './refine-submission.js';
import { handleRequestSubmission } from './request-submission.js';

export function register(app: App, deps: Deps): void {
  app.view(ids.request.callbackId, handleRequestSubmission(deps));
  app.view(ids.escalation.callbackId, handleEscalationSubmission(deps));
  app.view(ids.escalation.resolveCallbackId, handleResolveSubmission(deps));
  app.view(ids.refine.callbackId, handleRefineFinish(deps));
  app.view(ids.refine.confirmCallbackId, handleRefineConfirm(deps));
  app.view(ids.candidates.flagCallbackId, handleFlagSubmission(deps));
  app.view(ids.candidates.declineCallbackId, handleDeclineSubmission(deps));
}
