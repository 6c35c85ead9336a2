import { ids } from '../../src/slack/ids.js';
import { viewSubmissionPayload } from './slack-request.js';

const blockIds = ids.request.blocks;
const actionId = ids.request.action;

export interface FormInput {
  title?: string;
  kind?: 'internal' | 'product' | null;
  problem?: string;
  currentProcess?: string;
  desiredOutcome?: string;
  definitionOfDone?: string;
  requestingTeam?: string;
  links?: string;
  confidential?: boolean;
}

/** A view_submission of the request modal, as Slack would send it. */
export function requestSubmission(
  input: FormInput = {},
  opts: { viewId?: string; userId?: string; channelId?: string } = {},
) {
  const f = {
    title: 'Automate dependency scanning triage',
    kind: 'internal' as const,
    problem: 'AppSec triages every scanner finding by hand.',
    currentProcess: 'Two engineers, two hours a day.',
    desiredOutcome: 'Findings are deduplicated and routed automatically.',
    definitionOfDone: 'A bot routes 90% of findings without a human.',
    requestingTeam: 'AppSec',
    links: '',
    confidential: true,
    ...input,
  };
  const text = (value: string) => ({ [actionId]: { type: 'plain_text_input', value } });
  return viewSubmissionPayload({
    callbackId: ids.request.callbackId,
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? 'U1',
    privateMetadata: JSON.stringify({ channelId: opts.channelId ?? 'C1' }),
    values: {
      [blockIds.title]: text(f.title),
      [blockIds.kind]: {
        [actionId]: { type: 'radio_buttons', selected_option: f.kind ? { value: f.kind } : null },
      },
      [blockIds.problem]: text(f.problem),
      [blockIds.currentProcess]: text(f.currentProcess),
      [blockIds.desiredOutcome]: text(f.desiredOutcome),
      [blockIds.definitionOfDone]: text(f.definitionOfDone),
      [blockIds.requestingTeam]: text(f.requestingTeam),
      [blockIds.links]: text(f.links),
      [blockIds.confidential]: {
        [actionId]: {
          type: 'checkboxes',
          selected_options: f.confidential ? [{ value: ids.request.confidentialOption }] : [],
        },
      },
    },
  });
}
