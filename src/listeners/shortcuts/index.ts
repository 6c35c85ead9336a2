import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import type { Router } from '../route.js';
import { handleFlagShortcut } from './flag-candidate.js';
import { handleNewRequestShortcut } from './new-request.js';

export function register(router: Router, deps: Deps): void {
  router.shortcut(
    { callback_id: ids.candidates.flagShortcut, type: 'message_action' },
    handleFlagShortcut(deps),
  );
  router.shortcut(
    { callback_id: ids.intake.globalShortcut, type: 'shortcut' },
    handleNewRequestShortcut(deps),
  );
}
