import type { Deps } from '../../deps.js';
import { findRequestType } from '../../domain/request-types.js';
import {
  decodeIntakeState,
  intakeBlockIdFor,
  readIntakeValues,
  readPickedTypeId,
  type ViewStateValues,
} from '../../slack/views/intake-state.js';
import { buildRequestSavedModal, buildSupportAskedModal } from '../../slack/views/request-modal.js';
import { submitIntake } from '../../use-cases/intake.js';
import { onSubmission } from '../shared/submission.js';

/** The typed request form: field errors back on the form, a valid request saved, then filed. */
export function handleIntakeSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const state = decodeIntakeState(view.private_metadata);
    const values = view.state.values as unknown as ViewStateValues;
    const typeId = readPickedTypeId(values) ?? state.typeId;
    const type = typeId ? findRequestType(deps.taxonomy.requestTypes, typeId) : undefined;
    if (!type) return reply.error(intakeBlockIdFor('type'), 'Please choose the kind of request.');
    const result = await submitIntake(deps, {
      sourceKey: `view:${view.id}`,
      type,
      raw: readIntakeValues(values, type),
      requesterId: body.user.id,
      teamId: body.user.team_id ?? body.team?.id ?? null,
      channelId: state.channelId,
      ...(state.supportRef ? { supportRef: state.supportRef } : {}),
    });
    if (result.kind === 'invalid') return reply.fieldErrors(result.errors, intakeBlockIdFor);
    if (result.kind === 'not_filed' || result.kind === 'denied') {
      const reason =
        result.kind === 'denied' ? 'Only the team can convert support questions.' : result.reason;
      return reply.error(intakeBlockIdFor('type'), reason);
    }
    await reply.update(
      result.kind === 'asked'
        ? buildSupportAskedModal(result.record.ref)
        : buildRequestSavedModal(result.record.ref),
    );
  });
}
