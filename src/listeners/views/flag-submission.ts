import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
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
import { readChecked, readMetadata, readSelected, readText } from '../shared/view-values.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.flagBlocks;
const actionId = candidateIds.action;

/** The flag form: field errors stay on the form; a valid flag is saved, then filed or linked by the outbox. */
export function handleFlagSubmission(deps: Deps) {
  return async ({
    ack,
    view,
    body,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
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
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(result.errors))
        errors[blockIds[field as FlagFieldName]] = message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    const meta = readMetadata(view, flagModalMetadataSchema);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [blockIds.choice]: LOST_TRACK.flag } });
      return;
    }
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
        await ack({
          response_action: 'errors',
          errors: { [choice === CHOICE_OTHER ? blockIds.existing : blockIds.choice]: message },
        });
        return;
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
    await ack({ response_action: 'update', view: answer });
  };
}
