import type { ViewOutput } from '@slack/bolt';
import { BREAKDOWNS, type Breakdown, type RefinementDraft } from '../../domain/refinement.js';
import { ids } from '../../slack/ids.js';
import { readSelected, readText } from './view-values.js';

const blockIds = ids.refine.blocks;
const actionId = ids.refine.action;

/** The checklist as it stands in the modal (a submission's or a block action's view state). */
export function readRefinementDraft(view: ViewOutput): RefinementDraft {
  const breakdown = readSelected(view, blockIds.breakdown, actionId);
  const validation = readSelected(view, blockIds.needsSolutionValidation, actionId);
  return {
    goal: readText(view, blockIds.goal, actionId),
    definitionOfDone: readText(view, blockIds.definitionOfDone, actionId),
    breakdown: breakdown && Object.hasOwn(BREAKDOWNS, breakdown) ? (breakdown as Breakdown) : null,
    breakdownNote: readText(view, blockIds.breakdownNote, actionId),
    solution: readText(view, blockIds.solution, actionId),
    needsSolutionValidation: validation === 'yes' ? true : validation === 'no' ? false : null,
    weight: readSelected(view, blockIds.weight, actionId) ?? null,
    priority: readSelected(view, blockIds.priority, actionId) ?? null,
    metric: readSelected(view, blockIds.metric, actionId) ?? null,
  };
}
