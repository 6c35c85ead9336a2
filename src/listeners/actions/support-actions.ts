import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildSupportAnswerModal } from '../../slack/messages/intake-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { buildRequestModal } from '../../slack/views/request-modal.js';
import { openSupportAnswer, openSupportConversion } from '../../use-cases/support.js';
import { whisper } from '../shared/replies.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Answered" on a support question post: asks the team member for the link to the answer. */
export function handleSupportAnsweredButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, action } = args;
    await ack();
    const found = await openSupportAnswer(deps, { userId: body.user.id, ref: action.value ?? '' });
    if (found.kind === 'denied') return whisper(args, buildRefusal(found));
    if (found.kind === 'not_found') return whisper(args, 'That support question is no longer tracked.');
    // NOTE: the trigger_id expires 3 s after Slack issued it; the lookup above is local.
    await deps.slackFast.openView({
      trigger_id: body.trigger_id,
      view: buildSupportAnswerModal(found.question.ref, found.question.permalink),
    });
  };
}

/** "Convert to issue" on a support question post: the request form, prefilled from the question. */
export function handleSupportConvertButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, action } = args;
    await ack();
    const found = await openSupportConversion(deps, { userId: body.user.id, ref: action.value ?? '' });
    if (found.kind === 'denied') return whisper(args, buildRefusal(found));
    if (found.kind === 'not_found') return whisper(args, 'That support question is no longer open.');
    await deps.slackFast.openView({
      trigger_id: body.trigger_id,
      view: buildRequestModal({
        types: deps.taxonomy.requestTypes,
        typeId: found.type?.id ?? null,
        values: found.values,
        metadata: { channelId: null, source: 'support', supportRef: found.question.ref },
      }),
    });
  };
}
