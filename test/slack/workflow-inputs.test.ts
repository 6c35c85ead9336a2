import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_TYPES, requestTypesSchema } from '../../src/domain/request-types.js';
import { validateTypedRequest } from '../../src/domain/typed-request.js';
import {
  describeFieldErrors,
  readWorkflowStepInputs,
  workflowInputName,
} from '../../src/slack/workflow-inputs.js';

const ctx = {
  today: '2025-03-10',
  scope: { internalProject: 'sec/tools', productProject: 'org/product', groups: ['org'] },
  gitlabUrl: 'https://gitlab.test',
};

describe('workflow step inputs', () => {
  it('maps a review from its own inputs, snake_case of the field ids, and validates like the form', () => {
    const r = readWorkflowStepInputs(
      {
        request_type: 'review',
        requester: 'U1AB',
        title: 'Review',
        merge_requests: 'org/product!3',
        changes: 'c',
        boundary: 'b',
        needed_by: '2025-03-11',
        confidential: 'false',
      },
      DEFAULT_REQUEST_TYPES,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.type.id).toBe('review');
    expect(r.values).toEqual({
      title: 'Review',
      mergeRequests: 'org/product!3',
      changes: 'c',
      boundary: 'b',
      neededBy: '2025-03-11',
      confidential: false,
    });
    const v = validateTypedRequest(r.type, r.values, ctx);
    expect(v.ok).toBe(true);
  });

  it('reads a policy type fields from fields_json', () => {
    const types = requestTypesSchema.parse([
      {
        id: 'threat-model',
        name: 'T',
        description: 'd',
        target: 'product',
        fields: [
          { id: 'design', kind: 'long_text', label: 'Design', required: true },
          { id: 'docs', kind: 'urls', label: 'Docs' },
        ],
      },
    ]);
    const r = readWorkflowStepInputs(
      {
        request_type: 'threat-model',
        requester: 'U1AB',
        title: 'T',
        fields_json: '{"design":"A new API","docs":["https://d.test"]}',
      },
      types,
    );
    expect(r.ok && r.values).toEqual({ title: 'T', design: 'A new API', docs: ['https://d.test'] });
  });

  it('fails readably on an unknown type, a missing requester, bad JSON or a bad confidential flag', () => {
    const fail = (inputs: Record<string, unknown>) => {
      const r = readWorkflowStepInputs(inputs, DEFAULT_REQUEST_TYPES);
      return r.ok ? 'ok' : r.error;
    };
    expect(fail({ request_type: 'pentest', requester: 'U1AB' })).toBe(
      'Unknown request type "pentest". The types are: automation, product, review, support.',
    );
    expect(fail({ request_type: 'support', requester: '' })).toBe('The requester must be a Slack user.');
    expect(fail({ request_type: 'support', requester: 'U1AB', fields_json: '[1]' })).toMatch(
      /must be a JSON object/,
    );
    expect(fail({ request_type: 'support', requester: 'U1AB', confidential: 'maybe' })).toMatch(
      /true or false/,
    );
  });

  it('describes field errors by label on one line', () => {
    const review = DEFAULT_REQUEST_TYPES.find((t) => t.id === 'review');
    if (!review) throw new Error('review');
    expect(
      describeFieldErrors(review, {
        title: 'Please give the request a title.',
        neededBy: 'Needed by cannot be in the past; please pick today or later.',
      }),
    ).toBe(
      'Title: Please give the request a title. · Needed by: Needed by cannot be in the past; please pick today or later.',
    );
    expect(workflowInputName('definitionOfDone')).toBe('definition_of_done');
  });
});
