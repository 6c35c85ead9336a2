import type { FieldInput, RequestTypeInput } from './request-types.js';

/**
 * The handbook's request kinds as policy input: what a team without a policy file gets, and what
 * a policy entry with one of these ids is merged over (so a policy can keep a default and change a
 * little). Plain data; the schema in request-types.ts validates it like any policy.
 */

/** The target of a type that is posted to SUPPORT_CHANNEL instead of being filed. */
export const SUPPORT_TARGET = 'support';
const sharedIntakeFields = (currentProcess: Partial<FieldInput>): FieldInput[] => [
  {
    id: 'problem',
    kind: 'long_text',
    label: 'Problem',
    required: true,
    hint: 'What goes wrong today, and for whom?',
  },
  {
    id: 'currentProcess',
    kind: 'long_text',
    label: 'Current manual process and its cost',
    hint: 'How often, how long each time.',
    ...currentProcess,
  },
  { id: 'desiredOutcome', kind: 'long_text', label: 'Desired outcome', required: true },
  {
    id: 'definitionOfDone',
    kind: 'long_text',
    label: 'Definition of done',
    required: true,
    hint: 'How will we know it is finished?',
  },
  { id: 'requestingTeam', kind: 'short_text', label: 'Requesting team', required: true, max: 200 },
  { id: 'links', kind: 'urls', label: 'Links', hint: 'One per line: related issues, docs, threads.' },
];

/** The handbook's four kinds, as policy input (so a policy entry can override any key of one). */
export const DEFAULT_REQUEST_TYPE_INPUTS: readonly RequestTypeInput[] = [
  {
    id: 'automation',
    name: 'AppSec automation',
    description: 'Automate a manual AppSec process (internal tooling board).',
    target: 'internal',
    labels: [],
    confidential: true,
    fields: sharedIntakeFields({
      required: true,
      // The handbook's automation request criteria: the manual process and its cost.
      requiredMessage:
        'Automation requests need the current manual process and what it costs (how often, how long).',
    }),
  },
  {
    id: 'product',
    name: 'Product security enhancement / paved road',
    description: 'A security enhancement or paved road in the product (product board).',
    target: 'product',
    labels: [],
    confidential: true,
    fields: sharedIntakeFields({}),
  },
  {
    id: 'review',
    name: 'Security code review',
    description: 'The team reviews your merge requests before they ship.',
    target: 'product',
    labels: ['security review'],
    confidential: true,
    claimable: true,
    dueDateField: 'neededBy',
    fields: [
      {
        id: 'mergeRequests',
        kind: 'merge_request',
        label: 'Merge requests to review',
        required: true,
        requiredMessage: 'Please link at least one merge request to review.',
        hint: 'GitLab merge request links, one per line.',
      },
      { id: 'changes', kind: 'long_text', label: 'What changes and why', required: true },
      {
        id: 'boundary',
        kind: 'long_text',
        label: 'Data or trust boundary touched',
        required: true,
        hint: 'Which data, permissions or trust boundaries the change touches.',
      },
      { id: 'neededBy', kind: 'date', label: 'Needed by', required: true },
    ],
  },
  {
    id: 'support',
    name: 'Support question',
    description: 'Ask the team a question; it is answered in the support channel.',
    target: SUPPORT_TARGET,
    labels: [],
    confidential: false,
    fields: [
      { id: 'question', kind: 'long_text', label: 'Question', required: true },
      {
        id: 'context',
        kind: 'long_text',
        label: 'Context',
        hint: 'What you are working on, what you tried.',
      },
    ],
  },
];
