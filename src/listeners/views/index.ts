import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import { handleRequestSubmission } from './request-submission.js';

export function register(app: App, deps: Deps): void {
  app.view(ids.request.callbackId, handleRequestSubmission(deps));
}
