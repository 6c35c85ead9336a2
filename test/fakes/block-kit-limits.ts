// Block Kit limits as Slack enforces them (see /work/shared/PLATFORM.md, "Block Kit limits").
// Pure functions: each returns a list of problems in Slack's own style,
// e.g. '[ERROR] must be at most 24 characters [json-pointer:/view/title/text]'. Empty list = valid.

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 } as Record<Surface, number>,
  viewTitle: 24, // modal title, submit, close
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  radioOrCheckboxOptions: 10, // Slack: radio_buttons / checkboxes hold at most 10 options
  overflowOptions: 5,
  id: 255, // block_id, action_id, callback_id, external_id
  privateMetadata: 3000,
  inputMaxLength: 3000,
  inputLabel: 2000,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  viewBytes: 250_000,
  messageText: 40_000, // truncated by Slack, not an error
} as const;

type Obj = Record<string, unknown>;
type Problems = string[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const err = (problems: Problems, msg: string, path: string): void => {
  problems.push(`[ERROR] ${msg} [json-pointer:${path}]`);
};

function maxLen(p: Problems, value: unknown, max: number, path: string): void {
  if (typeof value === 'string' && value.length > max) err(p, `must be at most ${max} characters`, path);
}

function maxItems(p: Problems, value: unknown, max: number, path: string): void {
  if (Array.isArray(value) && value.length > max) err(p, `must be at most ${max} items`, path);
}

/** A text object ({type, text}); checks the length of its `text` and that it is not empty. */
function textObj(p: Problems, value: unknown, max: number, path: string, required = false): void {
  if (value === undefined) {
    if (required) err(p, 'is required', path);
    return;
  }
  if (!isObj(value) || typeof value.text !== 'string') {
    err(p, 'must be a text object', path);
    return;
  }
  maxLen(p, value.text, max, `${path}/text`);
}

/** Every plain_text object anywhere must have non-empty text. */
function plainTextNonEmpty(p: Problems, value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) plainTextNonEmpty(p, v, `${path}/${i}`);
  } else if (isObj(value)) {
    if (value.type === 'plain_text' && (typeof value.text !== 'string' || value.text.length === 0)) {
      err(p, 'must be more than 0 characters', `${path}/text`);
    }
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'object') plainTextNonEmpty(p, v, `${path}/${k}`);
  }
}

function option(p: Problems, value: unknown, path: string): void {
  if (!isObj(value)) {
    err(p, 'must be an option object', path);
    return;
  }
  textObj(p, value.text, LIMITS.optionText, `${path}/text`, true);
  maxLen(p, value.value, LIMITS.optionValue, `${path}/value`);
}

function optionList(p: Problems, el: Obj, path: string): void {
  const max =
    el.type === 'radio_buttons' || el.type === 'checkboxes'
      ? LIMITS.radioOrCheckboxOptions
      : el.type === 'overflow'
        ? LIMITS.overflowOptions
        : LIMITS.selectOptions;
  let count = 0;
  if (Array.isArray(el.options)) {
    count += el.options.length;
    for (const [i, o] of el.options.entries()) option(p, o, `${path}/options/${i}`);
  }
  if (Array.isArray(el.option_groups)) {
    for (const [gi, g] of el.option_groups.entries()) {
      if (!isObj(g) || !Array.isArray(g.options)) continue;
      count += g.options.length;
      for (const [i, o] of g.options.entries()) option(p, o, `${path}/option_groups/${gi}/options/${i}`);
    }
  }
  if (count > max) err(p, `must be at most ${max} options`, `${path}/options`);
  if (el.initial_option !== undefined) option(p, el.initial_option, `${path}/initial_option`);
  if (Array.isArray(el.initial_options)) {
    for (const [i, o] of el.initial_options.entries()) option(p, o, `${path}/initial_options/${i}`);
  }
}

function element(p: Problems, el: unknown, path: string): void {
  if (!isObj(el)) {
    err(p, 'must be an element object', path);
    return;
  }
  maxLen(p, el.action_id, LIMITS.id, `${path}/action_id`);
  switch (el.type) {
    case 'button':
      textObj(p, el.text, LIMITS.buttonText, `${path}/text`, true);
      maxLen(p, el.value, LIMITS.buttonValue, `${path}/value`);
      maxLen(p, el.url, LIMITS.buttonUrl, `${path}/url`);
      break;
    case 'plain_text_input': {
      const max = typeof el.max_length === 'number' ? el.max_length : LIMITS.inputMaxLength;
      if (max > LIMITS.inputMaxLength)
        err(p, `must be at most ${LIMITS.inputMaxLength}`, `${path}/max_length`);
      maxLen(p, el.initial_value, Math.min(max, LIMITS.inputMaxLength), `${path}/initial_value`);
      break;
    }
    default:
      if ('options' in el || 'option_groups' in el || 'initial_option' in el || 'initial_options' in el) {
        optionList(p, el, path);
      }
  }
}

function uniqueActionIds(p: Problems, elements: unknown[], path: string): void {
  const seen = new Set<string>();
  for (const [i, el] of elements.entries()) {
    if (!isObj(el) || typeof el.action_id !== 'string') continue;
    if (seen.has(el.action_id)) err(p, `duplicate action_id '${el.action_id}'`, `${path}/${i}/action_id`);
    seen.add(el.action_id);
  }
}

function block(p: Problems, b: Obj, path: string): void {
  maxLen(p, b.block_id, LIMITS.id, `${path}/block_id`);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) err(p, 'must provide text or fields', path);
      textObj(p, b.text, LIMITS.sectionText, `${path}/text`);
      maxItems(p, b.fields, LIMITS.sectionFields, `${path}/fields`);
      if (Array.isArray(b.fields)) {
        for (const [i, f] of b.fields.entries()) textObj(p, f, LIMITS.sectionField, `${path}/fields/${i}`);
      }
      if (b.accessory !== undefined) element(p, b.accessory, `${path}/accessory`);
      break;
    case 'header':
      textObj(p, b.text, LIMITS.headerText, `${path}/text`, true);
      break;
    case 'context':
      maxItems(p, b.elements, LIMITS.contextElements, `${path}/elements`);
      break;
    case 'actions':
      maxItems(p, b.elements, LIMITS.actionsElements, `${path}/elements`);
      if (Array.isArray(b.elements)) {
        for (const [i, el] of b.elements.entries()) element(p, el, `${path}/elements/${i}`);
        uniqueActionIds(p, b.elements, `${path}/elements`);
      }
      break;
    case 'input':
      textObj(p, b.label, LIMITS.inputLabel, `${path}/label`, true);
      element(p, b.element, `${path}/element`);
      break;
  }
}

/** Problems with a `blocks` array on the given surface. `path` is the JSON pointer of the array. */
export function validateBlocks(blocks: unknown, surface: Surface, path = '/blocks'): string[] {
  const p: Problems = [];
  if (!Array.isArray(blocks)) {
    err(p, 'must be an array', path);
    return p;
  }
  maxItems(p, blocks, LIMITS.blocks[surface], path);
  const blockIds = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    if (!isObj(b) || typeof b.type !== 'string') {
      err(p, 'must be a block object', `${path}/${i}`);
      continue;
    }
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) err(p, `duplicate block_id '${b.block_id}'`, `${path}/${i}/block_id`);
      blockIds.add(b.block_id);
    }
    block(p, b, `${path}/${i}`);
  }
  plainTextNonEmpty(p, blocks, path);
  return p;
}

/** Size of the view as Slack measures it (serialized JSON, bytes). */
export function viewBytes(view: unknown): number {
  return Buffer.byteLength(JSON.stringify(view) ?? '', 'utf8');
}

export function isViewTooLarge(view: unknown): boolean {
  return viewBytes(view) > LIMITS.viewBytes;
}

/** Problems with a modal or home view (blocks included). A too-large view is reported as 'view_too_large'. */
export function validateView(view: unknown): string[] {
  const p: Problems = [];
  if (!isObj(view)) {
    err(p, 'must be a view object', '/view');
    return p;
  }
  if (isViewTooLarge(view)) p.push('view_too_large');
  if (view.type !== 'modal' && view.type !== 'home') err(p, "must be 'modal' or 'home'", '/view/type');
  if (view.type === 'modal') {
    textObj(p, view.title, LIMITS.viewTitle, '/view/title', true);
    textObj(p, view.submit, LIMITS.viewTitle, '/view/submit');
    textObj(p, view.close, LIMITS.viewTitle, '/view/close');
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      err(p, 'is required when the view has input blocks', '/view/submit');
  }
  maxLen(p, view.callback_id, LIMITS.id, '/view/callback_id');
  maxLen(p, view.external_id, LIMITS.id, '/view/external_id');
  maxLen(p, view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  for (const key of ['title', 'submit', 'close']) plainTextNonEmpty(p, view[key], `/view/${key}`);
  p.push(...validateBlocks(view.blocks, view.type === 'home' ? 'home' : 'modal', '/view/blocks'));
  return p;
}
