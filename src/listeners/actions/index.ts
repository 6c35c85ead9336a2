import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import type { Router } from '../route.js';
import {
  handleEscalateRequestButton,
  handleEscalationResolveButton,
  handleEscalationStateButton,
} from './escalation-actions.js';
import { handleHomeConnectGitlab, handleHomeNewRequest, handleHomeRefresh } from './home-actions.js';
import { handleIntakeTypePick } from './intake-actions.js';
import { handleClaimButton } from './intake-claim-actions.js';
import { handleRefineOpenButton, handleRefineSaveButton } from './refine-actions.js';
import { handleSupportAnsweredButton, handleSupportConvertButton } from './support-actions.js';
import { handleDeclineButton, handleTakeOnAsSelect, handleTakeOnButton } from './triage-actions.js';

export function register(router: Router, deps: Deps): void {
  router.actions({
    [ids.escalation.acknowledge]: handleEscalationStateButton(deps, 'acknowledge'),
    [ids.escalation.unacknowledge]: handleEscalationStateButton(deps, 'unacknowledge'),
    [ids.escalation.resolve]: handleEscalationResolveButton(deps),
    [ids.escalation.fromRequest]: handleEscalateRequestButton(deps),
    [ids.home.newRequest]: handleHomeNewRequest(deps),
    [ids.home.refresh]: handleHomeRefresh(deps),
    [ids.home.connectGitlab]: handleHomeConnectGitlab(deps),
    [ids.refine.openButton]: handleRefineOpenButton(deps),
    [ids.refine.saveButton]: handleRefineSaveButton(deps),
    [ids.candidates.takeOn]: handleTakeOnButton(deps),
    [ids.candidates.takeOnAs]: handleTakeOnAsSelect(deps),
    [ids.candidates.decline]: handleDeclineButton(deps),
    [ids.intake.typePick]: handleIntakeTypePick(deps),
    [ids.intake.claim]: handleClaimButton(deps),
    [ids.support.answered]: handleSupportAnsweredButton(deps),
    [ids.support.convert]: handleSupportConvertButton(deps),
  });
}
