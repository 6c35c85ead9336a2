import type { ViewOutput } from '@slack/bolt';
import { BREAKDOWNS, type Breakdown, type RefinementDraft } from '../../domain/refinement.js';
import { ids } from '../../slack/ids.js';
import { readSelected, readText } from './view-values.js';

const B = ids.refine.blocks;
const A = ids.refine.action;

/** The checklist as it stands in the modal (a submission's or a block action's view state). */
export function readRefinementDraft(view: ViewOutput): RefinementDraft {
  const breakdown = readSelected(view, B.breakdown, A);
  const validation = readSelected(view, B.needsSolutionValidation, A);
  return {
    goal: readText(view, B.goal, A),
    definitionOfDone: readText(view, B.definitionOfDone, A),
    breakdown: breakdown && Object.hasOwn(BREAKDOWNS, breakdown) ? (breakdown as Breakdown) : null,
    breakdownNote: readText(view, B.breakdownNote, A),
    solution: readText(view, B.solution, A),
    needsSolutionValidation: validation === 'yes' ? true : validation === 'no' ? false : null,
    weight: readSelected(view, B.weight, A) ?? null,
    priority: readSelected(view, B.priority, A) ?? null,
    metric: readSelected(view, B.metric, A) ?? null,
  };
}
