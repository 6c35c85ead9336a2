import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildClaimAnswer } from '../../slack/messages/intake-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { claimRequest } from '../../use-cases/claim.js';
import { whisper } from '../shared/replies.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Claim" on a request's announcement: the first team member to press it takes the request on. */
export function handleClaimButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, action, logger } = args;
    await ack();
    try {
      const result = await claimRequest(deps, { userId: body.user.id, ref: action.value ?? '' });
      await whisper(args, result.kind === 'denied' ? buildRefusal(result) : buildClaimAnswer(result));
    } catch (err) {
      logger.error({ error: (err as Error).message }, 'claim failed');
      await whisper(args, 'The claim could not be saved; please try again.');
    }
  };
}
