import { describe, expect, it } from 'vitest';
import {
  checkRequestTypeTargets,
  DEFAULT_REQUEST_TYPES,
  dueDateFieldOf,
  filesIssue,
  findRequestType,
  isProjectInScope,
  projectForType,
  type RequestScope,
  requestTypesSchema,
} from '../../src/domain/request-types.js';
import { taxonomySchema } from '../../src/domain/taxonomy.js';

const scope: RequestScope = { internalProject: 'sec/tools', productProject: 'org/product', groups: ['org'] };
const problems = (input: unknown) => {
  const r = requestTypesSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const threatModel = {
  id: 'threat-model',
  name: 'Threat model review',
  description: 'We review the design of a new feature before it is built.',
  target: 'product',
  labels: ['threat model'],
  confidential: true,
  notifyChannel: 'C0123ABCD',
  fields: [
    { id: 'design', kind: 'long_text', label: 'What is being built', required: true },
    { id: 'docs', kind: 'urls', label: 'Design documents' },
    { id: 'due', kind: 'date', label: 'Needed by', required: true },
  ],
};

describe('default request types', () => {
  it('are the handbook four: automation, product, review and support, when the policy names none', () => {
    expect(taxonomySchema.parse({}).requestTypes.map((t) => t.id)).toEqual([
      'automation',
      'product',
      'review',
      'support',
    ]);
    expect(DEFAULT_REQUEST_TYPES.map((t) => t.target)).toEqual(['internal', 'product', 'product', 'support']);
  });

  it('keep today fields for automation and product; automation requires the current manual process', () => {
    const automation = findRequestType(DEFAULT_REQUEST_TYPES, 'automation');
    const product = findRequestType(DEFAULT_REQUEST_TYPES, 'product');
    const ids = [
      'problem',
      'currentProcess',
      'desiredOutcome',
      'definitionOfDone',
      'requestingTeam',
      'links',
    ];
    expect(automation?.fields.map((f) => f.id)).toEqual(ids);
    expect(product?.fields.map((f) => f.id)).toEqual(ids);
    expect(automation?.fields.find((f) => f.id === 'currentProcess')?.required).toBe(true);
    expect(product?.fields.find((f) => f.id === 'currentProcess')?.required).toBe(false);
  });

  it('review: merge requests, changes, boundary and a needed-by date that sets the due date; confidential, security review label, claimable', () => {
    const review = findRequestType(DEFAULT_REQUEST_TYPES, 'review');
    expect(review?.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['mergeRequests', 'merge_request', true],
      ['changes', 'long_text', true],
      ['boundary', 'long_text', true],
      ['neededBy', 'date', true],
    ]);
    expect(review?.labels).toEqual(['security review']);
    expect(review?.confidential).toBe(true);
    expect(review?.claimable).toBe(true);
    expect(review && dueDateFieldOf(review)?.id).toBe('neededBy');
  });

  it('support: a question and its context, not filed as an issue', () => {
    const support = findRequestType(DEFAULT_REQUEST_TYPES, 'support');
    expect(support?.fields.map((f) => f.id)).toEqual(['question', 'context']);
    expect(support && filesIssue(support)).toBe(false);
    expect(support && projectForType(support, { internal: 'a/b', product: 'c/d' })).toBeUndefined();
  });

  it('finds a type by id regardless of case and surrounding space', () => {
    expect(findRequestType(DEFAULT_REQUEST_TYPES, ' Review ')?.id).toBe('review');
    expect(findRequestType(DEFAULT_REQUEST_TYPES, 'nope')).toBeUndefined();
  });
});

describe('requestTypes in a policy', () => {
  it('accepts the issue example as given and replaces the defaults', () => {
    const types = requestTypesSchema.parse([threatModel]);
    expect(types.map((t) => t.id)).toEqual(['threat-model']);
    expect(types[0]).toMatchObject({
      target: 'product',
      labels: ['threat model'],
      notifyChannel: 'C0123ABCD',
      claimable: false,
    });
    expect(types[0]?.fields[1]).toMatchObject({ id: 'docs', kind: 'urls', required: false });
    expect(types[0] && dueDateFieldOf(types[0])).toBeUndefined();
    const withDue = requestTypesSchema.parse([{ ...threatModel, dueDateField: 'due' }]);
    expect(withDue[0] && dueDateFieldOf(withDue[0])?.id).toBe('due');
  });

  it('keeps a default given by id only, and changes just the keys an override names', () => {
    const types = requestTypesSchema.parse([
      { id: 'review', labels: ['appsec review'], notifyChannel: 'CREVIEWS' },
      { id: 'support' },
    ]);
    const review = types[0];
    expect(review?.labels).toEqual(['appsec review']);
    expect(review?.notifyChannel).toBe('CREVIEWS');
    expect(review?.fields.map((f) => f.id)).toEqual(['mergeRequests', 'changes', 'boundary', 'neededBy']);
    expect(review?.name).toBe('Security code review');
    expect(types[1]?.name).toBe('Support question');
  });

  it('takes every palette kind, select options as strings or value/label pairs', () => {
    const [t] = requestTypesSchema.parse([
      {
        id: 'all-kinds',
        name: 'All kinds',
        description: 'd',
        target: 'org/other',
        fields: [
          { id: 's', kind: 'short_text', label: 'S' },
          { id: 'l', kind: 'long_text', label: 'L' },
          { id: 'u', kind: 'url', label: 'U' },
          { id: 'us', kind: 'urls', label: 'Us' },
          { id: 'sel', kind: 'select', label: 'Sel', options: ['low', { value: 'hi', label: 'High' }] },
          { id: 'd', kind: 'date', label: 'D' },
          { id: 'p', kind: 'users', label: 'P' },
          { id: 'mr', kind: 'merge_request', label: 'MR' },
        ],
      },
    ]);
    expect(t?.fields.map((f) => f.kind)).toEqual([
      'short_text',
      'long_text',
      'url',
      'urls',
      'select',
      'date',
      'users',
      'merge_request',
    ]);
    expect(t?.fields[4]?.options).toEqual([
      { value: 'low', label: 'low' },
      { value: 'hi', label: 'High' },
    ]);
    expect(t?.confidential).toBe(true);
  });

  it('names the path of every bad value', () => {
    expect(
      problems([
        { ...threatModel, id: 'Threat Model' },
        { ...threatModel, id: 'x', fields: [{ id: 'a', kind: 'checkbox', label: 'A' }] },
        { ...threatModel, id: 'y', fields: [{ id: 'a', kind: 'select', label: 'A' }] },
        { ...threatModel, id: 'z', target: '../../etc', notifyChannel: '#security' },
        { ...threatModel, id: 'w', fields: [{ id: 'title', kind: 'short_text', label: 'T' }] },
      ]),
    ).toEqual([
      '0.id: must be lower-case letters, digits and -, starting with a letter (at most 40)',
      '1.fields.0.kind: must be one of short_text, long_text, url, urls, select, date, users, merge_request',
      '2.fields.0.options: a select field needs options',
      '3.target: must be internal, product, support or a group/project path',
      '3.notifyChannel: must be a Slack channel id such as C0123ABCD',
      '4.fields.0.id: is reserved (title, confidential, type are part of every form)',
    ]);
  });

  it('refuses duplicate type ids, duplicate field ids, unknown keys, an empty list and a due date that is no date', () => {
    expect(problems([threatModel, threatModel])).toEqual(['1.id: duplicate request type id "threat-model"']);
    expect(problems([{ ...threatModel, fields: [threatModel.fields[0], threatModel.fields[0]] }])).toEqual([
      '0.fields.1.id: duplicate field id "design"',
    ]);
    expect(problems([{ ...threatModel, colour: 'red' }])[0]).toMatch(/^0: .*colour/);
    expect(problems([])).toEqual([': must list at least one request type']);
    expect(problems([{ ...threatModel, dueDateField: 'design' }])).toEqual([
      '0.dueDateField: must name a date field of this type',
    ]);
    expect(problems([{ id: 'support', claimable: true }])).toEqual([
      '0.claimable: support questions are answered, not claimed',
    ]);
  });
});

describe('scope of targets', () => {
  it('a project is in scope when it is a configured project or under a configured group, whatever its case', () => {
    expect(isProjectInScope('sec/tools', scope)).toBe(true);
    expect(isProjectInScope('ORG/sub/thing', scope)).toBe(true);
    expect(isProjectInScope('organisation/x', scope)).toBe(false);
    expect(isProjectInScope('other/x', scope)).toBe(false);
    expect(isProjectInScope('', scope)).toBe(false);
  });

  it('checkRequestTypeTargets names each type whose target project is out of scope', () => {
    const types = requestTypesSchema.parse([
      { ...threatModel, target: 'org/design' },
      { ...threatModel, id: 'b', target: 'elsewhere/project' },
      { id: 'support' },
      { id: 'automation' },
    ]);
    expect(checkRequestTypeTargets(types, scope)).toEqual([
      'requestTypes.1.target: elsewhere/project is outside the projects the bot covers (sec/tools, org/product and projects under org)',
    ]);
    expect(checkRequestTypeTargets(DEFAULT_REQUEST_TYPES, { ...scope, groups: [] })).toEqual([]);
  });
});
