import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { findRequestType } from '../../domain/request-types.js';
import {
  buildRequestSavedModal,
  buildSupportAskedModal,
  decodeIntakeState,
  intakeBlockIdFor,
  readIntakeValues,
  readPickedTypeId,
  type ViewStateValues,
} from '../../slack/views/request-modal.js';
import { submitIntake } from '../../use-cases/intake.js';

/** The typed request form: field errors back on the form, a valid request saved, then filed. */
export function handleIntakeSubmission(deps: Deps) {
  return async ({
    ack,
    view,
    body,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const state = decodeIntakeState(view.private_metadata);
    const values = view.state.values as unknown as ViewStateValues;
    const typeId = readPickedTypeId(values) ?? state.typeId;
    const type = typeId ? findRequestType(deps.taxonomy.requestTypes, typeId) : undefined;
    if (!type) {
      await ack({
        response_action: 'errors',
        errors: { [intakeBlockIdFor('type')]: 'Please choose the kind of request.' },
      });
      return;
    }
    const result = await submitIntake(deps, {
      sourceKey: `view:${view.id}`,
      type,
      raw: readIntakeValues(values, type),
      requesterId: body.user.id,
      teamId: body.user.team_id ?? body.team?.id ?? null,
      channelId: state.channelId,
      ...(state.supportRef ? { supportRef: state.supportRef } : {}),
    });
    if (result.kind === 'invalid') {
      const errors: Record<string, string> = {};
      for (const [key, message] of Object.entries(result.errors)) errors[intakeBlockIdFor(key)] = message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    if (result.kind === 'not_filed' || result.kind === 'denied') {
      const reason =
        result.kind === 'denied' ? 'Only the team can convert support questions.' : result.reason;
      await ack({ response_action: 'errors', errors: { [intakeBlockIdFor('type')]: reason } });
      return;
    }
    await ack({
      response_action: 'update',
      view:
        result.kind === 'asked'
          ? buildSupportAskedModal(result.record.ref)
          : buildRequestSavedModal(result.record.ref),
    });
  };
}
