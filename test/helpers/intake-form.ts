import { findRequestType, type RequestType } from '../../src/domain/request-types.js';
import { ids } from '../../src/slack/ids.js';
import { encodeIntakeState, intakeFieldBlockId } from '../../src/slack/views/intake-state.js';
import { viewSubmissionPayload } from './slack-request.js';

const intakeIds = ids.intake;

type Value = string | string[] | boolean | null;

/** The state Slack sends for one field of a type's form (its action id is the field's kind). */
function fieldState(type: RequestType, fieldId: string, value: Value) {
  const field = type.fields.find((f) => f.id === fieldId);
  if (!field) throw new Error(`no field ${fieldId} in ${type.id}`);
  const v = (() => {
    switch (field.kind) {
      case 'select':
        return { type: 'static_select', selected_option: value ? { value: String(value) } : null };
      case 'date':
        return { type: 'datepicker', selected_date: value ? String(value) : null };
      case 'users':
        return { type: 'multi_users_select', selected_users: Array.isArray(value) ? value : [] };
      default:
        return {
          type: 'plain_text_input',
          value: Array.isArray(value) ? value.join('\n') : String(value ?? ''),
        };
    }
  })();
  return { [intakeFieldBlockId(fieldId)]: { [field.kind]: v } };
}

/** A view_submission of the typed request form, as Slack would send it. */
export function intakeSubmission(
  types: readonly RequestType[],
  typeId: string,
  values: Record<string, Value>,
  opts: { viewId?: string; userId?: string; channelId?: string } = {},
) {
  const type = findRequestType(types, typeId);
  if (!type) throw new Error(`no type ${typeId}`);
  const state: Record<string, unknown> = {
    [intakeIds.blocks.type]: {
      [intakeIds.typePick]: { type: 'static_select', selected_option: { value: type.id } },
    },
  };
  if (typeof values.title === 'string')
    state[intakeIds.blocks.title] = { [intakeIds.action]: { type: 'plain_text_input', value: values.title } };
  if (typeof values.confidential === 'boolean')
    state[intakeIds.blocks.confidential] = {
      [intakeIds.action]: {
        type: 'checkboxes',
        selected_options: values.confidential ? [{ value: intakeIds.confidentialOption }] : [],
      },
    };
  for (const [k, v] of Object.entries(values))
    if (k !== 'title' && k !== 'confidential') Object.assign(state, fieldState(type, k, v));
  return viewSubmissionPayload({
    callbackId: intakeIds.callbackId,
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? 'U1',
    privateMetadata: encodeIntakeState({ channelId: opts.channelId ?? 'C1', typeId: type.id, carried: {} }),
    // biome-ignore lint/suspicious/noExplicitAny: the helper builds Slack's loose state shape.
    values: state as any,
  });
}
