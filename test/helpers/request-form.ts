import { ids } from '../../src/slack/ids.js';
import { viewSubmissionPayload } from './slack-request.js';

const B = ids.request.blocks;
const A = ids.request.action;

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
  const text = (value: string) => ({ [A]: { type: 'plain_text_input', value } });
  return viewSubmissionPayload({
    callbackId: ids.request.callbackId,
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? 'U1',
    privateMetadata: JSON.stringify({ channelId: opts.channelId ?? 'C1' }),
    values: {
      [B.title]: text(f.title),
      [B.kind]: { [A]: { type: 'radio_buttons', selected_option: f.kind ? { value: f.kind } : null } },
      [B.problem]: text(f.problem),
      [B.currentProcess]: text(f.currentProcess),
      [B.desiredOutcome]: text(f.desiredOutcome),
      [B.definitionOfDone]: text(f.definitionOfDone),
      [B.requestingTeam]: text(f.requestingTeam),
      [B.links]: text(f.links),
      [B.confidential]: {
        [A]: {
          type: 'checkboxes',
          selected_options: f.confidential ? [{ value: ids.request.confidentialOption }] : [],
        },
      },
    },
  });
}
