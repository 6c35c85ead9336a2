import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { isMetricKind } from '../../domain/decision.js';
import { formatIssueRef, type IssueRef, parseIssueRef } from '../../domain/issue-ref.js';
import { buildDecisionPendingText, buildDecisionQueuedText } from '../../slack/messages/decision-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { refFromTriageBlock } from '../../slack/messages/triage-buttons.js';
import { buildDeclineModal } from '../../slack/views/decline-modal.js';
import { decideAsMember, startDecline } from '../../use-cases/decide.js';
import { whisper } from '../shared/replies.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction | StaticSelectAction>> & AllMiddlewareArgs;

const NOT_AN_ISSUE = 'This control does not point at a GitLab issue; nothing was changed.';

function refOf(deps: Deps, text: string | undefined): IssueRef | undefined {
  return text ? parseIssueRef(text, deps.config.GITLAB_PRODUCT_PROJECT, deps.config.GITLAB_URL) : undefined;
}

async function takeOn(
  deps: Deps,
  args: Args,
  ref: IssueRef | undefined,
  metric: string | null,
): Promise<void> {
  const result = await decideAsMember(deps, {
    kind: 'take_on',
    ref,
    userId: args.body.user.id,
    sourceKey: `action:${args.body.trigger_id}`,
    reason: null,
    metric,
    seekCommunity: false,
    details: { metric },
  });
  const issueRef = ref ? formatIssueRef(ref) : '';
  switch (result.kind) {
    case 'denied':
      return whisper(args, buildRefusal(result));
    case 'no_issue':
      return whisper(args, NOT_AN_ISSUE);
    case 'queued':
      return whisper(args, buildDecisionQueuedText('take_on', issueRef));
    case 'pending':
      return whisper(args, buildDecisionPendingText(result.pending, issueRef));
  }
}

/** Take on: the button's value is only the issue ref; who may act comes from the presser. */
export function handleTakeOnButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const value = args.action.type === 'button' ? args.action.value : undefined;
    await takeOn(deps, args, refOf(deps, value), null);
  };
}

/** Take on as…: a metric kind picked from the select; the issue ref is in the block_id. */
export function handleTakeOnAsSelect(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const kind = args.action.type === 'static_select' ? args.action.selected_option?.value : undefined;
    if (!kind || !isMetricKind(deps.taxonomy, kind)) {
      await whisper(args, 'That is not one of the team’s metric kinds; nothing was changed.');
      return;
    }
    await takeOn(deps, args, refOf(deps, refFromTriageBlock(args.action.block_id)), kind);
  };
}

/** Decline: checks the presser, then opens the form that asks for the reason. */
export function handleDeclineButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const ref = refOf(deps, args.action.type === 'button' ? args.action.value : undefined);
    const start = await startDecline(deps, { userId: args.body.user.id, ref });
    if (start.kind !== 'ready') {
      await whisper(args, start.kind === 'denied' ? buildRefusal(start) : NOT_AN_ISSUE);
      return;
    }
    try {
      await deps.slackFast.openView({
        trigger_id: args.body.trigger_id,
        view: buildDeclineModal(start.issueRef),
      });
    } catch (err) {
      args.logger.warn({ error: (err as Error).message }, 'could not open the decline form');
      await whisper(args, 'Sorry, the decline form did not open. Please press Decline again.');
    }
  };
}
