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
import { onSubmission } from '../shared/submission.js';
import { readMetadata, readText } from '../shared/view-values.js';

const blockIds = ids.escalation.blocks;
const actionId = ids.escalation.action;

const requestRefOf = (value: string | null): string | null => {
  const id = value === null ? undefined : parseRequestRef(value);
  return id === undefined ? null : requestRef(id);
};

/** The escalation form: field errors stay on the form; a valid one is saved, then posted. */
export function handleEscalationSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const checked = validateEscalation(
      readText(view, blockIds.link, actionId),
      readText(view, blockIds.explanation, actionId),
    );
    if (!checked.ok) return reply.fieldErrors(checked.errors, (field) => blockIds[field]);
    const meta = readMetadata(view, escalationModalMetadataSchema);
    if (!meta) return reply.error(blockIds.explanation, LOST_TRACK.escalation);
    const result = escalate(deps, {
      ...checked.input,
      sourceKey: `view:${view.id}`,
      escalator: body.user.id,
      requestRef: requestRefOf(meta.requestRef),
    });
    if (!result.ok) return reply.error(blockIds.link, ESCALATIONS_NOT_CONFIGURED);
    await reply.update(buildEscalatedModal(result.record.ref));
  });
}

/** The Resolve form: resolves unless someone already did, which is said on the form. */
export function handleResolveSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const meta = readMetadata(view, resolveModalMetadataSchema);
    if (!meta) return reply.error(blockIds.note, LOST_TRACK.escalation);
    const note = readText(view, blockIds.note, actionId).trim();
    const result = await resolveEscalation(deps, meta.escalationId, body.user.id, note || null);
    if (result.ok) return reply.close();
    const message =
      result.reason === 'denied'
        ? buildRefusal(result.denial).text
        : result.reason === 'not_found'
          ? 'This escalation no longer exists.'
          : `${result.record.ref} is already resolved; nothing changed.`;
    await reply.error(blockIds.note, message);
  });
}
