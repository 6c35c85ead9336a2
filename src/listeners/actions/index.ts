import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import {
  handleEscalateRequestButton,
  handleEscalationResolveButton,
  handleEscalationStateButton,
} from './escalation-actions.js';
import { handleHomeNewRequest, handleHomeRefresh } from './home-actions.js';
import { handleRefineOpenButton, handleRefineSaveButton } from './refine-actions.js';
import { handleDeclineButton, handleTakeOnAsSelect, handleTakeOnButton } from './triage-actions.js';

export function register(app: App, deps: Deps): void {
  app.action(ids.escalation.acknowledge, handleEscalationStateButton(deps, 'acknowledge'));
  app.action(ids.escalation.unacknowledge, handleEscalationStateButton(deps, 'unacknowledge'));
  app.action(ids.escalation.resolve, handleEscalationResolveButton(deps));
  app.action(ids.escalation.fromRequest, handleEscalateRequestButton(deps));
  app.action(ids.home.newRequest, handleHomeNewRequest(deps));
  app.action(ids.home.refresh, handleHomeRefresh(deps));
  app.action(ids.refine.openButton, handleRefineOpenButton(deps));
  app.action(ids.refine.saveButton, handleRefineSaveButton(deps));
  app.action(ids.candidates.takeOn, handleTakeOnButton(deps));
  app.action(ids.candidates.takeOnAs, handleTakeOnAsSelect(deps));
  app.action(ids.candidates.decline, handleDeclineButton(deps));
}
