import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { findRequestType } from '../../domain/request-types.js';
import {
  decodeIntakeState,
  type FormValues,
  readIntakeValues,
  readPickedTypeId,
  type ViewStateValues,
} from '../../slack/views/intake-state.js';
import { buildRequestModal } from '../../slack/views/request-modal.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const slackError = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

/**
 * The type picker of the request form: rebuilds the form for the chosen type, keeping what was
 * typed (shown again where the new type has the field, carried otherwise). The update names the
 * view's hash, so Slack refuses it if the person changed the form meanwhile: the newer view stays.
 */
export function handleIntakeTypePick(deps: Deps) {
  return async ({ ack, body, client, logger }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const state = decodeIntakeState(view.private_metadata);
    const values = view.state.values as unknown as ViewStateValues;
    const types = deps.taxonomy.requestTypes;
    const shown = state.typeId ? findRequestType(types, state.typeId) : undefined;
    const typed: FormValues = { ...state.carried, ...(shown ? readIntakeValues(values, shown) : {}) };
    const { carried: _c, typeId: _t, ...metadata } = state;
    try {
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: buildRequestModal({ types, typeId: readPickedTypeId(values) ?? null, values: typed, metadata }),
      });
    } catch (err) {
      if (slackError(err) === 'hash_conflict') {
        logger.info({ view: view.id }, 'request form changed meanwhile: the stale update was refused');
        return;
      }
      logger.error({ view: view.id, error: (err as Error).message }, 'could not switch the request type');
    }
  };
}
