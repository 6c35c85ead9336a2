import type { Deps } from '../../deps.js';
import { type RequestFieldName, validateRequestFields } from '../../domain/request.js';
import { ids } from '../../slack/ids.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import { buildRequestSavedModal, requestModalMetadataSchema } from '../../slack/views/request-modal.js';
import { submitRequest } from '../../use-cases/submit-request.js';
import { onSubmission } from '../shared/submission.js';
import { readChecked, readMetadata, readSelected, readText } from '../shared/view-values.js';

const blockIds = ids.request.blocks;
const actionId = ids.request.action;

/** Validates the request form; field errors go back on the form, a valid one is saved, then filed. */
export function handleRequestSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const result = validateRequestFields({
      title: readText(view, blockIds.title, actionId),
      kind: readSelected(view, blockIds.kind, actionId),
      problem: readText(view, blockIds.problem, actionId),
      currentProcess: readText(view, blockIds.currentProcess, actionId),
      desiredOutcome: readText(view, blockIds.desiredOutcome, actionId),
      definitionOfDone: readText(view, blockIds.definitionOfDone, actionId),
      requestingTeam: readText(view, blockIds.requestingTeam, actionId),
      links: readText(view, blockIds.links, actionId),
      confidential: readChecked(view, blockIds.confidential, actionId).includes(
        ids.request.confidentialOption,
      ),
    });
    if (!result.ok) return reply.fieldErrors(result.errors, (field: RequestFieldName) => blockIds[field]);
    const meta = readMetadata(view, requestModalMetadataSchema);
    if (!meta) return reply.error(blockIds.title, LOST_TRACK.request);
    const { record } = submitRequest(deps, {
      sourceKey: `view:${view.id}`,
      fields: result.fields,
      requesterId: body.user.id,
      teamId: body.user.team_id ?? body.team?.id ?? null,
      channelId: meta.channelId,
    });
    await reply.update(buildRequestSavedModal(record.ref));
  });
}
