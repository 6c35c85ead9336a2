import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import { handleFlagShortcut } from './flag-candidate.js';
import { handleNewRequestShortcut } from './new-request.js';

export function register(app: App, deps: Deps): void {
  app.shortcut(
    { callback_id: ids.candidates.flagShortcut, type: 'message_action' },
    handleFlagShortcut(deps),
  );
  app.shortcut({ callback_id: ids.intake.globalShortcut, type: 'shortcut' }, handleNewRequestShortcut(deps));
}
