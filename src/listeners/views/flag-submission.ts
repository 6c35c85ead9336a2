import type { Deps } from '../../deps.js';
import { CHOICE_OTHER, type FlagFieldName, validateFlag } from '../../domain/candidate.js';
import { ids } from '../../slack/ids.js';
import { LOST_TRACK } from '../../slack/messages/lost-track.js';
import {
  buildAlreadyFlaggedModal,
  buildFlagSavedModal,
  flagLinkFieldError,
  flagModalMetadataSchema,
} from '../../slack/views/flag-modal.js';
import { checkFlagLink, flagCandidate, flagIssueRef } from '../../use-cases/flag-candidate.js';
import { onSubmission } from '../shared/submission.js';
import { readChecked, readMetadata, readSelected, readText } from '../shared/view-values.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.flagBlocks;
const actionId = candidateIds.action;

/** The flag form: field errors stay on the form; a valid flag is saved, then filed or linked by the outbox. */
export function handleFlagSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const choice = readSelected(view, blockIds.choice, actionId);
    const result = validateFlag(
      {
        message: readText(view, blockIds.message, actionId),
        choice,
        title: readText(view, blockIds.title, actionId),
        kind: readSelected(view, blockIds.kind, actionId),
        notes: readText(view, blockIds.notes, actionId),
        existingRef: readText(view, blockIds.existing, actionId),
        confidential: readChecked(view, blockIds.confidential, actionId).includes(
          candidateIds.confidentialOption,
        ),
      },
      deps.config.GITLAB_PRODUCT_PROJECT,
      deps.config.GITLAB_URL,
    );
    if (!result.ok) return reply.fieldErrors(result.errors, (field: FlagFieldName) => blockIds[field]);
    const meta = readMetadata(view, flagModalMetadataSchema);
    if (!meta) return reply.error(blockIds.choice, LOST_TRACK.flag);
    if (result.fields.mode === 'existing') {
      // NOTE: checked before the form closes, so the person sees why on the field and nothing is queued.
      const check = await checkFlagLink(deps, body.user.id, result.fields.ref);
      if (check.kind !== 'allowed') {
        const problem = check.kind === 'denied' ? check.reason : check.kind;
        const message = flagLinkFieldError(
          problem === 'out_of_scope' || problem === 'unavailable' || problem === 'gitlab_down'
            ? problem
            : 'may_not_see',
          {
            scope: check.kind === 'denied' ? check.scope : undefined,
            linkingEnabled: deps.identity.enabled,
          },
        );
        return reply.error(choice === CHOICE_OTHER ? blockIds.existing : blockIds.choice, message);
      }
    }
    const sourceKey = `view:${view.id}`;
    const { record, created } = flagCandidate(deps, {
      sourceKey,
      channelId: meta.channelId,
      messageTs: meta.messageTs,
      threadTs: meta.threadTs,
      permalink: meta.permalink,
      flaggerId: body.user.id,
      fields: result.fields,
    });
    const ref = flagIssueRef(record);
    const answer =
      created || record.sourceKey === sourceKey
        ? buildFlagSavedModal(record.fields.mode, ref ?? undefined)
        : buildAlreadyFlaggedModal({ ...record, issueRef: ref });
    await reply.update(answer);
  });
}
