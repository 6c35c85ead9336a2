import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { parseEscalationRef } from '../../domain/escalation.js';
import { parseRequestRef } from '../../domain/request-ref.js';
import { buildAlreadyHandled, ESCALATIONS_NOT_CONFIGURED } from '../../slack/messages/escalation-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { buildEscalationModal, buildResolveModal } from '../../slack/views/escalation-modal.js';
import { startEscalationFromRequest } from '../../use-cases/escalate.js';
import {
  acknowledgeEscalation,
  type EscalationActionResult,
  mayActOnEscalation,
  unacknowledgeEscalation,
} from '../../use-cases/escalation-actions.js';
import { whisper } from '../shared/replies.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Tells the presser why nothing happened: someone else got there first, or it is gone. */
async function explainFailure(args: Args, deps: Deps, result: EscalationActionResult): Promise<void> {
  if (result.ok) return;
  if (result.reason === 'denied') return whisper(args, buildRefusal(result.denial));
  await whisper(
    args,
    result.reason === 'not_found'
      ? 'This escalation no longer exists.'
      : buildAlreadyHandled(result.record, deps.clock()),
  );
}

/** Acknowledge or Un-acknowledge: the button's value is only the escalation ref; state comes from SQLite. */
export function handleEscalationStateButton(deps: Deps, change: 'acknowledge' | 'unacknowledge') {
  return async (args: Args): Promise<void> => {
    await args.ack();
    try {
      const id = parseEscalationRef(args.action.value ?? '');
      if (id === undefined) throw new Error('button without an escalation ref');
      const apply = change === 'acknowledge' ? acknowledgeEscalation : unacknowledgeEscalation;
      await explainFailure(args, deps, await apply(deps, id, args.body.user.id));
    } catch (err) {
      args.logger.error({ error: (err as Error).message }, `escalation ${change} failed`);
      await whisper(args, `Sorry, that did not work (${(err as Error).message}). Please try again.`);
    }
  };
}

/** Resolve opens a small form for an optional note; the submission resolves. */
export function handleEscalationResolveButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const id = parseEscalationRef(args.action.value ?? '');
    const e = id === undefined ? undefined : deps.store.escalations.get(id);
    if (!e || e.state === 'resolved') {
      await whisper(args, e ? buildAlreadyHandled(e, deps.clock()) : 'This escalation no longer exists.');
      return;
    }
    try {
      const gate = await mayActOnEscalation(deps, e.id, args.body.user.id, 'resolve');
      if (!gate.ok) {
        await whisper(
          args,
          gate.reason === 'denied' ? buildRefusal(gate.denial) : 'This escalation no longer exists.',
        );
        return;
      }
      await deps.slackFast.openView({
        trigger_id: args.body.trigger_id,
        view: buildResolveModal(e.id, e.ref),
      });
    } catch (err) {
      args.logger.error({ error: (err as Error).message }, 'could not open the resolve form');
      await whisper(args, 'Sorry, the resolve form did not open. Please press Resolve again.');
    }
  };
}

/** Escalate on a request's confirmation: re-reads the request, then opens the escalation form. */
export function handleEscalateRequestButton(deps: Deps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const start = await startEscalationFromRequest(deps, {
      userId: args.body.user.id,
      requestId: parseRequestRef(args.action.value ?? ''),
    });
    switch (start.kind) {
      case 'missing':
        return whisper(args, 'This request no longer exists; use `/prodsec urgent` to escalate.');
      case 'denied':
        return whisper(args, buildRefusal(start));
      case 'not_configured':
        return whisper(args, ESCALATIONS_NOT_CONFIGURED);
    }
    try {
      await deps.slackFast.openView({
        trigger_id: args.body.trigger_id,
        view: buildEscalationModal({
          link: start.request.issueUrl ?? undefined,
          requestRef: start.request.ref,
          channelLabel: `<#${start.channelId}>`,
        }),
      });
    } catch (err) {
      args.logger.error({ error: (err as Error).message }, 'could not open the escalation form');
      await whisper(args, 'Sorry, the escalation form did not open. Please use `/prodsec urgent`.');
    }
  };
}
