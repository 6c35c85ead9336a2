import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_TYPES, requestTypesSchema } from '../../../src/domain/request-types.js';
import { validateTypedRequest } from '../../../src/domain/typed-request.js';
import { ids } from '../../../src/slack/ids.js';
import { buildUnknownRequestTypeMessage } from '../../../src/slack/messages/intake-messages.js';
import {
  decodeIntakeState,
  encodeIntakeState,
  type FormValues,
  intakeBlockIdFor,
  readIntakeValues,
  readPickedTypeId,
  type ViewStateValues,
} from '../../../src/slack/views/intake-state.js';
import { buildRequestModal } from '../../../src/slack/views/request-modal.js';
import { checkTypeFitsBlockKit } from '../../../src/slack/views/request-type-fit.js';
import { validateView } from '../../fakes/block-kit-limits.js';

const types = DEFAULT_REQUEST_TYPES;
const intakeIds = ids.intake;
// biome-ignore lint/suspicious/noExplicitAny: assertions read Block Kit JSON loosely
type Any = Record<string, any>;
const block = (view: ModalView, blockId: string) =>
  view.blocks.find((b) => (b as Any).block_id === blockId) as Any | undefined;
const blockIds = (view: ModalView) => view.blocks.map((b) => (b as Any).block_id).filter(Boolean);
const open = (typeId?: string, values?: FormValues) =>
  buildRequestModal({ types, typeId, values, metadata: { channelId: 'C1', source: 'command' } });

const [allKinds] = requestTypesSchema.parse([
  {
    id: 'all-kinds',
    name: 'Every kind',
    description: 'One field of every palette kind.',
    target: 'product',
    fields: [
      { id: 'short', kind: 'short_text', label: 'Short', required: true, placeholder: 'p' },
      { id: 'long', kind: 'long_text', label: 'Long' },
      { id: 'site', kind: 'url', label: 'Site' },
      { id: 'docs', kind: 'urls', label: 'Docs' },
      { id: 'sev', kind: 'select', label: 'Severity', options: ['low', { value: 'hi', label: 'High' }] },
      { id: 'due', kind: 'date', label: 'Due' },
      { id: 'people', kind: 'users', label: 'People' },
      { id: 'mrs', kind: 'merge_request', label: 'MRs' },
    ],
  },
]);
if (!allKinds) throw new Error('allKinds');

describe('buildRequestModal (request types)', () => {
  it('without a type shows only the type picker, a dispatch_action select of every type', () => {
    const view = open();
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe(intakeIds.callbackId);
    expect(blockIds(view)).toEqual([intakeIds.blocks.type]);
    const picker = block(view, intakeIds.blocks.type);
    expect(picker?.dispatch_action).toBe(true);
    expect(picker?.element.type).toBe('static_select');
    expect(picker?.element.action_id).toBe(intakeIds.typePick);
    expect(picker?.element.options.map((o: Any) => o.value)).toEqual([
      'automation',
      'product',
      'review',
      'support',
    ]);
    expect(picker?.element.options[2].text.text).toBe('Security code review');
    expect(picker?.element.initial_option).toBeUndefined();
    expect(decodeIntakeState(view.private_metadata)).toEqual({
      channelId: 'C1',
      source: 'command',
      typeId: null,
      carried: {},
    });
  });

  it('with a type: the picker set to it first, then title, the type fields and the visibility box (on for reviews)', () => {
    const view = open('review');
    expect(validateView(view)).toEqual([]);
    expect(blockIds(view)).toEqual([
      intakeIds.blocks.type,
      intakeIds.blocks.title,
      'intake_f_mergeRequests',
      'intake_f_changes',
      'intake_f_boundary',
      'intake_f_neededBy',
      intakeIds.blocks.confidential,
    ]);
    expect(block(view, intakeIds.blocks.type)?.element.initial_option.value).toBe('review');
    expect(block(view, 'intake_f_neededBy')?.element.type).toBe('datepicker');
    expect(block(view, 'intake_f_mergeRequests')).toMatchObject({
      optional: false,
      element: { type: 'plain_text_input', multiline: true },
    });
    expect(block(view, intakeIds.blocks.confidential)?.element.initial_options).toHaveLength(1);
    expect(decodeIntakeState(view.private_metadata).typeId).toBe('review');
  });

  it('a support question has no title or visibility box and says where it will be posted', () => {
    const view = open('support');
    expect(blockIds(view)).toEqual([intakeIds.blocks.type, 'intake_f_question', 'intake_f_context']);
    expect(view.submit?.text).toBe('Ask the team');
    expect(JSON.stringify(view.blocks)).toContain('support channel');
  });

  it('a type with confidential: false starts with the box unticked', () => {
    const [open2] = requestTypesSchema.parse([
      {
        id: 'open',
        name: 'Open',
        description: 'd',
        target: 'product',
        confidential: false,
        fields: [{ id: 'a', kind: 'long_text', label: 'A' }],
      },
    ]);
    const view = buildRequestModal({
      types: open2 ? [open2] : [],
      typeId: 'open',
      metadata: { channelId: null },
    });
    expect(block(view, intakeIds.blocks.confidential)?.element.initial_options).toBeUndefined();
  });

  it('renders every palette kind as its element, prefilled with the values given, within Block Kit limits', () => {
    const view = buildRequestModal({
      types: [allKinds],
      typeId: 'all-kinds',
      values: {
        title: 'T',
        short: 's',
        long: 'l\nl',
        site: 'https://x.test',
        docs: ['https://a.test', 'https://b.test'],
        sev: 'hi',
        due: '2025-04-01',
        people: ['U1AB', 'bogus'],
        mrs: 'org/product!1',
        confidential: false,
      },
      metadata: { channelId: null },
    });
    expect(validateView(view)).toEqual([]);
    const el = (id: string) => block(view, `intake_f_${id}`)?.element;
    expect(el('short')).toMatchObject({
      type: 'plain_text_input',
      multiline: false,
      max_length: 255,
      initial_value: 's',
      action_id: 'short_text',
    });
    expect(el('long')).toMatchObject({
      type: 'plain_text_input',
      multiline: true,
      max_length: 3000,
      initial_value: 'l\nl',
    });
    expect(el('site')).toMatchObject({ multiline: false, initial_value: 'https://x.test' });
    expect(el('docs')).toMatchObject({ multiline: true, initial_value: 'https://a.test\nhttps://b.test' });
    expect(el('sev')).toMatchObject({
      type: 'static_select',
      initial_option: { value: 'hi', text: { text: 'High' } },
    });
    expect(el('due')).toMatchObject({ type: 'datepicker', initial_date: '2025-04-01' });
    expect(el('people')).toMatchObject({ type: 'multi_users_select', initial_users: ['U1AB'] });
    expect(el('mrs')).toMatchObject({ multiline: true, initial_value: 'org/product!1' });
    expect(block(view, intakeIds.blocks.title)?.element.initial_value).toBe('T');
    expect(block(view, intakeIds.blocks.confidential)?.element.initial_options).toBeUndefined();
  });

  it('switching type keeps what was typed in fields both types have and carries the rest in private_metadata', () => {
    const typed = {
      title: 'Scanner triage',
      problem: 'Manual triage',
      currentProcess: '2h a day',
      links: 'https://d.test',
      mergeRequests: 'org/product!4',
    };
    const product = open('product', typed);
    expect(block(product, intakeIds.blocks.title)?.element.initial_value).toBe('Scanner triage');
    expect(block(product, 'intake_f_problem')?.element.initial_value).toBe('Manual triage');
    expect(block(product, 'intake_f_currentProcess')?.element.initial_value).toBe('2h a day');
    const state = decodeIntakeState(product.private_metadata);
    expect(state.carried).toEqual({ mergeRequests: 'org/product!4' });
    const review = open('review', { ...state.carried, title: 'Scanner triage' });
    expect(block(review, 'intake_f_mergeRequests')?.element.initial_value).toBe('org/product!4');
    expect(block(review, intakeIds.blocks.title)?.element.initial_value).toBe('Scanner triage');
  });

  it('keeps private_metadata within 3000 characters, dropping the largest carried values first', () => {
    const view = open('support', {
      problem: 'p'.repeat(2000),
      desiredOutcome: 'd'.repeat(1500),
      requestingTeam: 'AppSec',
    });
    expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
    expect(decodeIntakeState(view.private_metadata).carried).toEqual({
      desiredOutcome: 'd'.repeat(1500),
      requestingTeam: 'AppSec',
    });
    expect(
      encodeIntakeState({ channelId: 'C', typeId: 'x', carried: { a: 'a'.repeat(5000) } }).length,
    ).toBeLessThanOrEqual(3000);
  });

  it('decodes malformed private_metadata as an empty state', () => {
    expect(decodeIntakeState('not json')).toEqual({ channelId: null, typeId: null, carried: {} });
    expect(decodeIntakeState(undefined)).toEqual({ channelId: null, typeId: null, carried: {} });
  });

  it('an unknown type id shows only the picker', () => {
    expect(blockIds(open('nope'))).toEqual([intakeIds.blocks.type]);
  });

  it('never breaks Block Kit limits with long prefills, whatever the values', () => {
    const view = open('automation', { title: 'x'.repeat(1000), problem: 'y'.repeat(10_000) });
    expect(validateView(view)).toEqual([]);
    expect(block(view, intakeIds.blocks.title)?.element.initial_value).toHaveLength(255);
  });
});

describe('reading the form back', () => {
  it('readIntakeValues maps view state to field ids, and the values validate', () => {
    const state: ViewStateValues = {
      [intakeIds.blocks.type]: {
        [intakeIds.typePick]: { type: 'static_select', selected_option: { value: 'all-kinds' } },
      },
      [intakeIds.blocks.title]: { value: { type: 'plain_text_input', value: 'T' } },
      intake_f_short: { short_text: { value: 's' } },
      intake_f_long: { long_text: { value: null } },
      intake_f_site: { url: { value: 'https://x.test' } },
      intake_f_docs: { urls: { value: 'https://a.test\nhttps://b.test' } },
      intake_f_sev: { select: { selected_option: { value: 'low' } } },
      intake_f_due: { date: { selected_date: '2025-05-01' } },
      intake_f_people: { users: { selected_users: ['U1AB'] } },
      intake_f_mrs: { merge_request: { value: 'org/product!2' } },
      [intakeIds.blocks.confidential]: { value: { selected_options: [] } },
    };
    expect(readPickedTypeId(state)).toBe('all-kinds');
    const values = readIntakeValues(state, allKinds);
    expect(values).toEqual({
      title: 'T',
      confidential: false,
      short: 's',
      long: '',
      site: 'https://x.test',
      docs: 'https://a.test\nhttps://b.test',
      sev: 'low',
      due: '2025-05-01',
      people: ['U1AB'],
      mrs: 'org/product!2',
    });
    const r = validateTypedRequest(allKinds, values, {
      today: '2025-04-01',
      scope: { internalProject: 'a/b', productProject: 'org/product', groups: [] },
      gitlabUrl: 'https://gitlab.test',
    });
    expect(r.ok && r.request.values.docs).toEqual(['https://a.test', 'https://b.test']);
    expect(r.ok && r.request.confidential).toBe(false);
  });

  it('ignores state of an element whose kind changed under the same field id', () => {
    expect(readIntakeValues({ intake_f_short: { long_text: { value: 'old' } } }, allKinds)).toEqual({});
  });

  it('places errors on the right blocks', () => {
    expect(intakeBlockIdFor('title')).toBe(intakeIds.blocks.title);
    expect(intakeBlockIdFor('type')).toBe(intakeIds.blocks.type);
    expect(intakeBlockIdFor('neededBy')).toBe('intake_f_neededBy');
  });
});

describe('checkTypeFitsBlockKit', () => {
  it('passes the defaults and the every-kind type', () => {
    for (const t of [...DEFAULT_REQUEST_TYPES, allKinds]) expect(checkTypeFitsBlockKit(t)).toEqual([]);
  });

  it('names each value over a limit, with its path in the type', () => {
    const [bad] = requestTypesSchema.parse([
      {
        id: 'bad',
        name: 'n',
        description: 'd'.repeat(76),
        target: 'product',
        fields: [
          { id: 'a', kind: 'long_text', label: 'L'.repeat(2001), max: 5000 },
          { id: 's', kind: 'select', label: 'S', options: Array.from({ length: 101 }, (_, i) => `o${i}`) },
        ],
      },
    ]);
    if (!bad) throw new Error('bad');
    expect(checkTypeFitsBlockKit(bad)).toEqual([
      'description: must be at most 75 characters (it is shown under the option in the type picker)',
      'fields.0.label: must be at most 2000 characters (Slack input label)',
      'fields.0.max: must be at most 3000 (Slack text input)',
      'fields.1.options: at most 100 options fit a Slack select',
    ]);
  });
});

describe('buildUnknownRequestTypeMessage', () => {
  it('lists every type id with its name and description, escaping what the user typed', () => {
    const m = buildUnknownRequestTypeMessage('<!channel>', types);
    expect(m.text).toContain('&lt;!channel&gt;');
    expect(m.text).not.toContain('<!channel>');
    for (const t of types) expect(m.text).toContain(`\`${t.id}\`: *${t.name.replace(/&/g, '&amp;')}*`);
    expect(m.text).toContain('/prodsec request &lt;type&gt;');
  });
});
