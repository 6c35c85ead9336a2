import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import type { Router } from '../route.js';
import { handleDeclineSubmission } from './decline-submission.js';
import { handleEscalationSubmission, handleResolveSubmission } from './escalation-submission.js';
import { handleFlagSubmission } from './flag-submission.js';
import { handleIntakeSubmission } from './intake-submission.js';
import { handleRefineConfirm, handleRefineFinish } from './refine-submission.js';
import { handleRequestSubmission } from './request-submission.js';
import { handleSupportAnswerSubmission } from './support-answer-submission.js';

export function register(router: Router, deps: Deps): void {
  router.views({
    [ids.request.callbackId]: handleRequestSubmission(deps),
    [ids.intake.callbackId]: handleIntakeSubmission(deps),
    [ids.support.answerCallbackId]: handleSupportAnswerSubmission(deps),
    [ids.escalation.callbackId]: handleEscalationSubmission(deps),
    [ids.escalation.resolveCallbackId]: handleResolveSubmission(deps),
    [ids.refine.callbackId]: handleRefineFinish(deps),
    [ids.refine.confirmCallbackId]: handleRefineConfirm(deps),
    [ids.candidates.flagCallbackId]: handleFlagSubmission(deps),
    [ids.candidates.declineCallbackId]: handleDeclineSubmission(deps),
  });
}
