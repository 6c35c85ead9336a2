import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { validateEscalation } from '../../domain/escalation.js';
import { parseRequestRef, requestRef } from '../../domain/request-ref.js';
import { ids } from '../../slack/ids.js';
import { ESCALATIONS_NOT_CONFIGURED } from '../../slack/messages/escalation-messages.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import {
  buildEscalatedModal,
  escalationModalMetadataSchema,
  resolveModalMetadataSchema,
} from '../../slack/views/escalation-modal.js';
import { escalate } from '../../use-cases/escalate.js';
import { resolveEscalation } from '../../use-cases/escalation-actions.js';
import { readMetadata, readText } from '../shared/view-values.js';

const blockIds = ids.escalation.blocks;
const actionId = ids.escalation.action;

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const requestRefOf = (value: string | null): string | null => {
  const id = value === null ? undefined : parseRequestRef(value);
  return id === undefined ? null : requestRef(id);
};

/** The escalation form: field errors stay on the form; a valid one is saved, then posted. */
export function handleEscalationSubmission(deps: Deps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const checked = validateEscalation(
      readText(view, blockIds.link, actionId),
      readText(view, blockIds.explanation, actionId),
    );
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      if (checked.errors.link) errors[blockIds.link] = checked.errors.link;
      if (checked.errors.explanation) errors[blockIds.explanation] = checked.errors.explanation;
      await ack({ response_action: 'errors', errors });
      return;
    }
    const meta = readMetadata(view, escalationModalMetadataSchema);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [blockIds.explanation]: LOST_TRACK.escalation } });
      return;
    }
    const result = escalate(deps, {
      ...checked.input,
      sourceKey: `view:${view.id}`,
      escalator: body.user.id,
      requestRef: requestRefOf(meta.requestRef),
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [blockIds.link]: ESCALATIONS_NOT_CONFIGURED } });
      return;
    }
    await ack({ response_action: 'update', view: buildEscalatedModal(result.record.ref) });
  };
}

/** The Resolve form: resolves unless someone already did, which is said on the form. */
export function handleResolveSubmission(deps: Deps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const meta = readMetadata(view, resolveModalMetadataSchema);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [blockIds.note]: LOST_TRACK.escalation } });
      return;
    }
    const note = readText(view, blockIds.note, actionId).trim();
    const result = await resolveEscalation(deps, meta.escalationId, body.user.id, note || null);
    if (result.ok) {
      await ack();
      return;
    }
    const message =
      result.reason === 'denied'
        ? buildRefusal(result.denial).text
        : result.reason === 'not_found'
          ? 'This escalation no longer exists.'
          : `${result.record.ref} is already resolved; nothing changed.`;
    await ack({ response_action: 'errors', errors: { [blockIds.note]: message } });
  };
}
