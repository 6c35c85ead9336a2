import type { InputBlockElement, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { LONG_TEXT_MAX, TITLE_MAX } from '../../domain/request.js';
import {
  filesIssue,
  findRequestType,
  type RequestField,
  type RequestType,
} from '../../domain/request-types.js';
import { SHORT_TEXT_MAX } from '../../domain/typed-request.js';
import { context, plain, section, textInput } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';
import {
  encodeIntakeState,
  type FormValue,
  type FormValues,
  fieldActionId,
  type IntakeMetadata,
  intakeFieldBlockId,
} from './intake-state.js';

export interface TypedRequestModalInput {
  types: readonly RequestType[];
  /** The type to show; none (or unknown) shows only the picker. */
  typeId?: string | null;
  /** Values typed so far, by field id: those of this type's fields prefill it, the rest are carried. */
  values?: FormValues;
  metadata: IntakeMetadata;
}

const intakeIds = ids.intake;
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

export function buildTypedRequestModal(input: TypedRequestModalInput): ModalView {
  const { view, blocks } = typedRequestView(input);
  // A policy whose form would be longer is refused at start-up (checkTypeFitsBlockKit).
  return { ...view, blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

export function typedRequestView(input: TypedRequestModalInput): { view: ModalView; blocks: KnownBlock[] } {
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
