import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { openRequestModal } from '../shared/open-request-modal.js';

type Args = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

/** The global shortcut "New ProdSec request": the typed form, from the shortcuts menu anywhere in Slack. */
export function handleNewRequestShortcut(deps: Deps) {
  return async ({ ack, shortcut, logger }: Args): Promise<void> => {
    await ack();
    try {
      // NOTE: a global shortcut has no channel: the form answers in the requester's DM.
      await openRequestModal(deps, {
        triggerId: shortcut.trigger_id,
        metadata: { channelId: null, source: 'shortcut' },
      });
    } catch (err) {
      logger.error(
        { user: shortcut.user.id, error: (err as Error).message },
        'could not open the request form',
      );
    }
  };
}
