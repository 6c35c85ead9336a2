import type { ActionsBlock } from '@slack/types';
import { plain } from '../blocks.js';
import { ids } from '../ids.js';

/** The Escalate button under a request's confirmation; its value is only the request ref. */
export function buildEscalateRequestActions(requestRef: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'request_escalate',
    elements: [
      {
        type: 'button',
        action_id: ids.escalation.fromRequest,
        text: plain('Escalate as urgent'),
        value: requestRef.slice(0, 2000),
      },
    ],
  };
}
