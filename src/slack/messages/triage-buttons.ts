import type { ActionsBlock } from '@slack/types';
import { plain } from '../blocks.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';
import { buildRefineButton } from './refine-button.js';

const candidateIds = ids.candidates;

/** The issue ref a triage control acts on: a button's value, or the block_id of the select. */
export function refFromTriageBlock(blockId: string | undefined): string | undefined {
  return blockId?.startsWith(candidateIds.actionsBlockPrefix)
    ? blockId.slice(candidateIds.actionsBlockPrefix.length)
    : undefined;
}

/**
 * Take on, Take on as… (a metric kind), Decline and Refine for one issue. The controls carry only
 * the issue ref: who may act is decided from the presser when the action runs.
 */
export function buildTriageActions(issueRef: string, metricKinds: string[]): ActionsBlock {
  const ref = issueRef.slice(0, LIMITS.buttonValue);
  return {
    type: 'actions',
    block_id: `${candidateIds.actionsBlockPrefix}${issueRef}`.slice(0, 255),
    elements: [
      {
        type: 'button',
        action_id: candidateIds.takeOn,
        text: plain('Take on'),
        style: 'primary',
        value: ref,
      },
      {
        type: 'static_select',
        action_id: candidateIds.takeOnAs,
        placeholder: plain('Take on as…'),
        options: metricKinds
          .filter((k) => k.length <= LIMITS.optionValue)
          .slice(0, 100)
          .map((k) => ({ text: plain(k), value: k })),
      },
      {
        type: 'button',
        action_id: candidateIds.decline,
        text: plain('Decline'),
        style: 'danger',
        value: ref,
      },
      buildRefineButton(issueRef),
    ],
  };
}
