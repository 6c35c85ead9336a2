import type { RequestField, RequestType } from '../../domain/request-types.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

/**
 * What the typed request form carries between Slack round trips (private_metadata) and how its
 * values are read back from `view.state.values`: the codec of the form, no Block Kit building.
 */

/** A value typed in the form, by field id (plus `title` and `confidential`); what Slack's state holds. */
export type FormValue = string | string[] | boolean | null;
export type FormValues = Record<string, FormValue>;

export interface IntakeMetadata {
  channelId: string | null;
  /** Where the form was opened from, so the submission can answer in the right place. */
  source?: 'command' | 'shortcut' | 'home' | 'support';
  /** A support question being converted into this request (`Q-12`). */
  supportRef?: string;
}

/** What private_metadata carries: the metadata, the type shown, and values of fields it does not show. */
export interface IntakeState extends IntakeMetadata {
  typeId: string | null;
  carried: FormValues;
}

const intakeIds = ids.intake;

export function intakeFieldBlockId(fieldId: string): string {
  return `${intakeIds.fieldBlockPrefix}${fieldId}`;
}

/** The block a validation error belongs on: errors are keyed by field id (or `title`, `type`). */
export function intakeBlockIdFor(key: string): string {
  if (key === 'title') return intakeIds.blocks.title;
  if (key === 'type') return intakeIds.blocks.type;
  if (key === 'confidential') return intakeIds.blocks.confidential;
  return intakeFieldBlockId(key);
}

// NOTE: a field's action_id is its kind, so when a switch of type changes a field's kind under the
// same id, Slack does not keep the old element's state for the new element.
export const fieldActionId = (field: RequestField) => field.kind;

/** private_metadata within Slack's 3000 characters: carried values are dropped, largest first, until it fits. */
export function encodeIntakeState(state: IntakeState): string {
  const carried = { ...state.carried };
  let json = JSON.stringify({ ...state, carried });
  const bySize = Object.keys(carried).sort(
    (a, b) => JSON.stringify(carried[b]).length - JSON.stringify(carried[a]).length,
  );
  for (const key of bySize) {
    if (json.length <= LIMITS.privateMetadata) break;
    delete carried[key];
    json = JSON.stringify({ ...state, carried });
  }
  return json.length <= LIMITS.privateMetadata
    ? json
    : JSON.stringify({ channelId: state.channelId, typeId: state.typeId, carried: {} });
}

/** Reads private_metadata back; anything malformed gives an empty state rather than an error. */
export function decodeIntakeState(raw: string | undefined): IntakeState {
  const empty: IntakeState = { channelId: null, typeId: null, carried: {} };
  try {
    const v = JSON.parse(raw ?? '') as Partial<IntakeState>;
    if (typeof v !== 'object' || v === null) return empty;
    return {
      channelId: typeof v.channelId === 'string' ? v.channelId : null,
      typeId: typeof v.typeId === 'string' ? v.typeId : null,
      carried: typeof v.carried === 'object' && v.carried !== null ? v.carried : {},
      ...(v.source ? { source: v.source } : {}),
      ...(typeof v.supportRef === 'string' ? { supportRef: v.supportRef } : {}),
    };
  } catch {
    return empty;
  }
}

interface StateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
  selected_users?: string[];
}
export type ViewStateValues = Record<string, Record<string, StateValue>>;

/** The values of a type's form in `view.state.values`, by field id (plus `title` and `confidential`). */
export function readIntakeValues(state: ViewStateValues, type: RequestType): FormValues {
  const out: FormValues = {};
  const title = state[intakeIds.blocks.title]?.[intakeIds.action]?.value;
  if (typeof title === 'string') out.title = title;
  const box = state[intakeIds.blocks.confidential]?.[intakeIds.action];
  if (box)
    out.confidential = (box.selected_options ?? []).some((o) => o.value === intakeIds.confidentialOption);
  for (const field of type.fields) {
    const v = state[intakeFieldBlockId(field.id)]?.[fieldActionId(field)];
    if (!v) continue;
    if (field.kind === 'select') out[field.id] = v.selected_option?.value ?? null;
    else if (field.kind === 'date') out[field.id] = v.selected_date ?? null;
    else if (field.kind === 'users') out[field.id] = v.selected_users ?? [];
    else out[field.id] = v.value ?? '';
  }
  return out;
}

/** The type chosen in the picker, if any. */
export function readPickedTypeId(state: ViewStateValues): string | undefined {
  return state[intakeIds.blocks.type]?.[intakeIds.typePick]?.selected_option?.value ?? undefined;
}
