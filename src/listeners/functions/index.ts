import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import { handleFileRequestStep } from './file-request-step.js';

export function register(app: App, deps: Deps): void {
  app.function(ids.intake.workflowStep, { autoAcknowledge: true }, handleFileRequestStep(deps));
}
