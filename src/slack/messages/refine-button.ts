import type { Button } from '@slack/types';
import { plain } from '../blocks.js';
import { ids } from '../ids.js';

/** The Refine button shown wherever an issue appears; its value is only the issue ref. */
export function buildRefineButton(issueRef: string): Button {
  return {
    type: 'button',
    action_id: ids.refine.openButton,
    text: plain('Refine'),
    value: issueRef.slice(0, 2000),
  };
}
