import type { InputBlockElement, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { LONG_TEXT_MAX, REQUEST_KINDS, type RequestKind, TITLE_MAX } from '../../domain/request.js';
import {
  filesIssue,
  findRequestType,
  type RequestField,
  type RequestType,
  TEXT_KINDS,
} from '../../domain/request-types.js';
import { SHORT_TEXT_MAX } from '../../domain/typed-request.js';
import { context, plain, section, textInput } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

export const requestModalMetadataSchema = z.object({ channelId: z.string().nullable().default(null) });

export interface RequestModalMetadata {
  channelId: string | null;
}

const blockIds = ids.request.blocks;
const actionIdRef = ids.request.action;

/** "New ProdSec request" of one request type: the type picker first, then that type's fields. */
export function buildRequestModal(input: TypedRequestModalInput): ModalView;
/** The single form of before request types (both kinds on one form), until the listeners use types. */
export function buildRequestModal(meta: RequestModalMetadata): ModalView;
export function buildRequestModal(input: TypedRequestModalInput | RequestModalMetadata): ModalView {
  return 'types' in input ? buildTypedRequestModal(input) : buildKindRequestModal(input);
}

function buildKindRequestModal(meta: RequestModalMetadata): ModalView {
  const kindOptions = (Object.keys(REQUEST_KINDS) as RequestKind[]).map((k) => ({
    text: plain(REQUEST_KINDS[k]),
    value: k,
  }));
  const confidentialOption = {
    text: plain('Confidential (recommended for security work)'),
    value: ids.request.confidentialOption,
  };
  return {
    type: 'modal',
    callback_id: ids.request.callbackId,
    title: plain('New ProdSec request', LIMITS.modalTitle),
    submit: plain('File request', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      section('Requests become GitLab issues that the Product Security Engineering team refines and plans.'),
      textInput(blockIds.title, 'Title', {
        actionId: actionIdRef,
        max: TITLE_MAX,
        placeholder: 'A short summary of the need',
      }),
      {
        type: 'input',
        block_id: blockIds.kind,
        label: plain('Kind of request'),
        element: { type: 'radio_buttons', action_id: actionIdRef, options: kindOptions },
      },
      textInput(blockIds.problem, 'Problem', {
        actionId: actionIdRef,
        multiline: true,
        hint: 'What goes wrong today, and for whom?',
      }),
      textInput(blockIds.currentProcess, 'Current manual process and its cost', {
        actionId: actionIdRef,
        multiline: true,
        optional: true,
        hint: 'How often, how long each time. Required for AppSec automation requests.',
      }),
      textInput(blockIds.desiredOutcome, 'Desired outcome', { actionId: actionIdRef, multiline: true }),
      textInput(blockIds.definitionOfDone, 'Definition of done', {
        actionId: actionIdRef,
        multiline: true,
        hint: 'How will we know it is finished?',
      }),
      textInput(blockIds.requestingTeam, 'Requesting team', { actionId: actionIdRef, max: 200 }),
      textInput(blockIds.links, 'Links', {
        actionId: actionIdRef,
        multiline: true,
        optional: true,
        hint: 'One per line: related issues, docs, threads.',
      }),
      {
        type: 'input',
        block_id: blockIds.confidential,
        optional: true,
        label: plain('Visibility'),
        element: {
          type: 'checkboxes',
          action_id: actionIdRef,
          options: [confidentialOption],
          initial_options: [confidentialOption],
        },
      },
    ],
  };
}

/** Shown in place of the form once the request is saved: the modal closes the loop at once. */
export function buildRequestSavedModal(ref: string): ModalView {
  return {
    type: 'modal',
    title: plain('Request saved', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:white_check_mark: Saved as *${ref}*. The bot is filing it in GitLab now and will message you the link. ` +
          `Check on it any time with \`/prodsec status ${ref}\`.`,
      ),
    ],
  };
}

/** Shown in place of the form once a support question is saved: it is being posted to the support channel. */
export function buildSupportAskedModal(ref: string): ModalView {
  return {
    type: 'modal',
    title: plain('Question sent', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:speech_balloon: Saved as *${ref}*. The bot is posting it to the team's support channel and will message you the link; you will hear when it is answered.`,
      ),
    ],
  };
}

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

export interface TypedRequestModalInput {
  types: readonly RequestType[];
  /** The type to show; none (or unknown) shows only the picker. */
  typeId?: string | null;
  /** Values typed so far, by field id: those of this type's fields prefill it, the rest are carried. */
  values?: FormValues;
  metadata: IntakeMetadata;
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
const fieldActionId = (field: RequestField) => field.kind;

const typeOption = (t: RequestType): PlainTextOption => ({
  text: plain(t.name, LIMITS.optionText),
  value: t.id.slice(0, LIMITS.optionValue),
  description: plain(t.description, LIMITS.optionText),
});

const asString = (v: FormValue | undefined): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.join('\n') : undefined;

function fieldMax(field: RequestField): number {
  const def = field.kind === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
  return Math.min(field.max ?? def, LIMITS.inputMaxLength);
}

function fieldElement(field: RequestField, value: FormValue | undefined): InputBlockElement {
  const base = {
    action_id: fieldActionId(field),
    ...(field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {}),
  };
  switch (field.kind) {
    case 'select': {
      const options = (field.options ?? []).slice(0, 100).map((o) => ({
        text: plain(o.label, LIMITS.optionText),
        value: o.value.slice(0, LIMITS.optionValue),
      }));
      const initial = options.find((o) => o.value === value);
      return { type: 'static_select', ...base, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'date':
      return {
        type: 'datepicker',
        ...base,
        ...(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}),
      };
    case 'users': {
      const users = (Array.isArray(value) ? value : []).filter((u) => /^[UW][A-Z0-9]{2,30}$/.test(u));
      return { type: 'multi_users_select', ...base, ...(users.length ? { initial_users: users } : {}) };
    }
    default: {
      const max = fieldMax(field);
      const initial = asString(value);
      return {
        type: 'plain_text_input',
        ...base,
        multiline: field.kind !== 'short_text' && field.kind !== 'url',
        max_length: max,
        ...(initial ? { initial_value: initial.slice(0, max) } : {}),
      };
    }
  }
}

function fieldBlock(field: RequestField, value: FormValue | undefined): KnownBlock {
  return {
    type: 'input',
    block_id: intakeFieldBlockId(field.id),
    optional: !field.required,
    label: plain(field.label, LIMITS.inputLabel),
    ...(field.hint ? { hint: plain(field.hint, LIMITS.inputLabel) } : {}),
    element: fieldElement(field, value),
  };
}

function typePicker(types: readonly RequestType[], type: RequestType | undefined): KnownBlock {
  const options = types.slice(0, 100).map(typeOption);
  const initial = type ? options.find((o) => o.value === type.id) : undefined;
  return {
    type: 'input',
    block_id: intakeIds.blocks.type,
    // NOTE: dispatch_action makes choosing a type send a block_action at once, so the listener can
    // views.update the form (with the view's hash) to that type's fields.
    dispatch_action: true,
    label: plain('Kind of request'),
    element: {
      type: 'static_select',
      action_id: intakeIds.typePick,
      placeholder: plain('Choose what you need'),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  } as KnownBlock;
}

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

function buildTypedRequestModal(input: TypedRequestModalInput): ModalView {
  const { view, blocks } = typedRequestView(input);
  // A policy whose form would be longer is refused at start-up (checkTypeFitsBlockKit).
  return { ...view, blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

function typedRequestView(input: TypedRequestModalInput): { view: ModalView; blocks: KnownBlock[] } {
  const type = input.typeId ? findRequestType(input.types, input.typeId) : undefined;
  const values = input.values ?? {};
  const blocks: KnownBlock[] = [
    section('Requests reach the Product Security Engineering team, who refine and plan them.'),
    typePicker(input.types, type),
  ];
  const shown = new Set<string>();
  if (type) {
    blocks.push(context(escapeMrkdwn(type.description)));
    if (filesIssue(type)) {
      shown.add('title');
      blocks.push(
        textInput(intakeIds.blocks.title, 'Title', {
          actionId: intakeIds.action,
          max: TITLE_MAX,
          placeholder: 'A short summary of the need',
          ...(typeof values.title === 'string' ? { initial: values.title } : {}),
        }),
      );
    } else {
      blocks.push(
        context(
          'Posted in the team support channel, where everyone in it can read it. It is not filed as an issue unless the team converts it.',
        ),
      );
    }
    for (const field of type.fields) {
      shown.add(field.id);
      blocks.push(fieldBlock(field, values[field.id]));
    }
    if (filesIssue(type)) {
      shown.add('confidential');
      const option = {
        text: plain('Confidential (recommended for security work)'),
        value: intakeIds.confidentialOption,
      };
      const on = typeof values.confidential === 'boolean' ? values.confidential : type.confidential;
      blocks.push({
        type: 'input',
        block_id: intakeIds.blocks.confidential,
        optional: true,
        label: plain('Visibility'),
        element: {
          type: 'checkboxes',
          action_id: intakeIds.action,
          options: [option],
          ...(on ? { initial_options: [option] } : {}),
        },
      } as KnownBlock);
    }
  }
  const carried: FormValues = {};
  for (const [k, v] of Object.entries(values)) if (!shown.has(k) && v !== null && v !== '') carried[k] = v;
  const view: ModalView = {
    type: 'modal',
    callback_id: intakeIds.callbackId,
    title: plain('New ProdSec request', LIMITS.modalTitle),
    submit: plain(type && !filesIssue(type) ? 'Ask the team' : 'File request', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: encodeIntakeState({ ...input.metadata, typeId: type?.id ?? null, carried }),
    blocks,
  };
  return { view, blocks };
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

const over = (problems: string[], path: string, value: string | undefined, max: number, why: string) => {
  if (value !== undefined && value.length > max)
    problems.push(`${path}: must be at most ${max} characters (${why})`);
};

/**
 * Problems (paths relative to the type) that would make this type's form break Block Kit limits;
 * the policy is refused at start-up when there are any, rather than cut silently in the form.
 */
export function checkTypeFitsBlockKit(type: RequestType): string[] {
  const problems: string[] = [];
  over(problems, 'name', type.name, LIMITS.optionText, 'it is an option of the type picker');
  over(
    problems,
    'description',
    type.description,
    LIMITS.optionText,
    'it is shown under the option in the type picker',
  );
  for (const [i, f] of type.fields.entries()) {
    over(problems, `fields.${i}.label`, f.label, LIMITS.inputLabel, 'Slack input label');
    over(problems, `fields.${i}.hint`, f.hint, LIMITS.inputLabel, 'Slack input hint');
    over(problems, `fields.${i}.placeholder`, f.placeholder, 150, 'Slack placeholder');
    if (f.max !== undefined && TEXT_KINDS.includes(f.kind) && f.max > LIMITS.inputMaxLength)
      problems.push(`fields.${i}.max: must be at most ${LIMITS.inputMaxLength} (Slack text input)`);
    const options = f.options ?? [];
    if (options.length > 100) problems.push(`fields.${i}.options: at most 100 options fit a Slack select`);
    for (const [j, o] of options.entries()) {
      over(problems, `fields.${i}.options.${j}.label`, o.label, LIMITS.optionText, 'Slack option text');
      over(problems, `fields.${i}.options.${j}.value`, o.value, LIMITS.optionValue, 'Slack option value');
    }
  }
  const { blocks } = typedRequestView({ types: [type], typeId: type.id, metadata: { channelId: null } });
  if (blocks.length > LIMITS.modalBlocks)
    problems.push(
      `fields: ${type.fields.length} fields make a form of more than ${LIMITS.modalBlocks} blocks, the most Slack shows in a modal`,
    );
  return problems;
}

/** Every type's problems, prefixed with its path in the policy (`requestTypes.2.fields.0.label: …`). */
export function checkTypesFitBlockKit(types: readonly RequestType[]): string[] {
  return types.flatMap((t, i) => checkTypeFitsBlockKit(t).map((p) => `requestTypes.${i}.${p}`));
}

/** `/prodsec request <unknown>`: the list of types and how to open one. */
export function buildUnknownRequestTypeMessage(
  typeId: string,
  types: readonly RequestType[],
): { text: string } {
  const lines = types.map((t) => `• \`${t.id}\`: *${escapeMrkdwn(t.name)}*: ${escapeMrkdwn(t.description)}`);
  return {
    text: `There is no request type \`${escapeMrkdwn(typeId.slice(0, 40)).replace(/`/g, "'")}\`. The types are:\n${lines.join('\n')}\nOpen one with \`/prodsec request &lt;type&gt;\`, or \`/prodsec request\` to choose in the form.`,
  };
}
