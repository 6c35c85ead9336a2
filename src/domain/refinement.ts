import { createHash } from 'node:crypto';
import type { Issue } from './issue.js';
import {
  findScoped,
  maxWeight,
  metricLabel,
  priorityLabel,
  type Taxonomy,
  workflowLabel,
} from './taxonomy.js';

/** Step 3 of the handbook's refinement: does the work need breaking down? */
export const BREAKDOWNS = {
  no: 'No, it is one piece of work',
  split: 'Yes: split into several issues',
  epic: 'Yes: needs an epic',
} as const;
export type Breakdown = keyof typeof BREAKDOWNS;

/** The weight choice meaning "bigger than the largest value on the scale". */
export const WEIGHT_OVER = 'over';
/** The priority choice meaning "no priority label" (an existing one is removed). */
export const PRIORITY_NONE = 'none';

/** The checklist as a member left it: any field may still be empty. */
export interface RefinementDraft {
  goal: string;
  definitionOfDone: string;
  breakdown: Breakdown | null;
  breakdownNote: string;
  solution: string;
  needsSolutionValidation: boolean | null;
  /** A value on the weight scale, `over`, or null when not chosen. */
  weight: string | null;
  /** A priority level, `none`, or null (the issue's priority label is left as it is). */
  priority: string | null;
  /** A metric kind, or null (the issue's metric label is left as it is). */
  metric: string | null;
}

export type RefinementField = keyof RefinementDraft;

export const TEXT_MAX = { goal: 1000, definitionOfDone: 3000, breakdownNote: 1000, solution: 3000 } as const;

/** A draft that passed the definition of ready: what Finish writes to GitLab. */
export interface ReadyRefinement {
  draft: RefinementDraft;
  weight: number;
  needsSolutionValidation: boolean;
}

export function emptyDraft(): RefinementDraft {
  return {
    goal: '',
    definitionOfDone: '',
    breakdown: null,
    breakdownNote: '',
    solution: '',
    needsSolutionValidation: null,
    weight: null,
    priority: null,
    metric: null,
  };
}

/** A new checklist starts from what the issue already has: its weight, priority and metric. */
export function draftFromIssue(issue: Issue, t: Taxonomy): RefinementDraft {
  const draft = emptyDraft();
  if (issue.weight !== null && t.weights.some((w) => w.value === issue.weight))
    draft.weight = String(issue.weight);
  const priority = findScoped(issue.labels, t.priority.prefix)?.slice(t.priority.prefix.length);
  if (priority && t.priority.levels.some((l) => l.value === priority)) draft.priority = priority;
  const metric = findScoped(issue.labels, t.metric.prefix)?.slice(t.metric.prefix.length);
  if (metric && metricKinds(t).includes(metric)) draft.metric = metric;
  return draft;
}

export function metricKinds(t: Taxonomy): string[] {
  return t.metric.kinds.includes(t.metric.pending) ? t.metric.kinds : [...t.metric.kinds, t.metric.pending];
}

/** Trims the text fields and cuts them to their limits (a forged payload may send more). */
export function normalizeDraft(d: RefinementDraft): RefinementDraft {
  const text = (v: string, max: number) => v.trim().slice(0, max);
  return {
    ...d,
    goal: text(d.goal, TEXT_MAX.goal),
    definitionOfDone: text(d.definitionOfDone, TEXT_MAX.definitionOfDone),
    breakdownNote: text(d.breakdownNote, TEXT_MAX.breakdownNote),
    solution: text(d.solution, TEXT_MAX.solution),
  };
}

export type ReadyCheck =
  | { ok: true; ready: ReadyRefinement }
  | { ok: false; errors: Partial<Record<RefinementField, string>> };

/**
 * The definition of ready: Finish needs a definition of done and a weight on the scale. A weight
 * above the scale's largest value means the work is too big for one issue: break it down.
 */
export function checkDefinitionOfReady(input: RefinementDraft, t: Taxonomy): ReadyCheck {
  const draft = normalizeDraft(input);
  const errors: Partial<Record<RefinementField, string>> = {};
  if (!draft.definitionOfDone) {
    errors.definitionOfDone =
      'Definition of done is required to finish: how will everyone know the work is done?';
  }
  const weight = checkWeight(draft.weight, t);
  if ('error' in weight) errors.weight = weight.error;
  if (draft.priority !== null && draft.priority !== PRIORITY_NONE) {
    if (!t.priority.levels.some((l) => l.value === draft.priority))
      errors.priority = 'Priority: not on the scale.';
  }
  if (draft.metric !== null && !metricKinds(t).includes(draft.metric))
    errors.metric = 'Metric: not a known kind.';
  if (Object.keys(errors).length > 0 || !('value' in weight)) return { ok: false, errors };
  return {
    ok: true,
    ready: { draft, weight: weight.value, needsSolutionValidation: draft.needsSolutionValidation === true },
  };
}

function checkWeight(raw: string | null, t: Taxonomy): { value: number } | { error: string } {
  const max = maxWeight(t);
  const scale = t.weights.map((w) => w.value).join(', ');
  if (raw === null || raw.trim() === '')
    return { error: `Weight is required to finish: choose one of ${scale}.` };
  const n = Number(raw.trim());
  if (raw === WEIGHT_OVER || (Number.isFinite(n) && n > max)) {
    return {
      error: `Weight above ${max}, the largest on the scale: break it down into several issues or an epic, then refine each piece.`,
    };
  }
  if (!Number.isInteger(n) || !t.weights.some((w) => w.value === n)) {
    return { error: `Weight ${raw.slice(0, 20)} is not on the scale (${scale}).` };
  }
  return { value: n };
}

/**
 * The labels Finish adds and removes. Scoped values replace the other values of their scope
 * (explicitly, so a prefix that is not a GitLab scope behaves the same); the workflow moves to
 * solution validation or ready for development, which also drops the validation backlog.
 */
export function planLabels(
  t: Taxonomy,
  current: readonly string[],
  r: ReadyRefinement,
): {
  add: string[];
  remove: string[];
} {
  const add = [workflowLabel(t, r.needsSolutionValidation ? 'solutionValidation' : 'readyForDevelopment')];
  const replaced = [t.workflow.prefix];
  const { priority, metric } = r.draft;
  if (priority !== null) {
    replaced.push(t.priority.prefix);
    if (priority !== PRIORITY_NONE) add.push(priorityLabel(t, priority));
  }
  if (metric !== null) {
    replaced.push(t.metric.prefix);
    add.push(metricLabel(t, metric));
  }
  const backlog = workflowLabel(t, 'validationBacklog');
  const remove = current.filter(
    (l) => !add.includes(l) && (l === backlog || replaced.some((prefix) => l.startsWith(prefix))),
  );
  return { add, remove };
}

/** A short fingerprint of a label set: a checklist opened on one set warns when the issue has another. */
export function labelsFingerprint(labels: readonly string[]): string {
  return createHash('sha256')
    .update([...labels].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 60_000));
}

export function formatMinutes(min: number): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function isOverTimebox(startedAt: number, now: number, t: Taxonomy): boolean {
  return now - startedAt > t.refinementTimeboxMinutes * 60_000;
}

export function weightMeaning(t: Taxonomy, weight: number): string | undefined {
  return t.weights.find((w) => w.value === weight)?.meaning;
}

/**
 * The refinement queue (handbook step 1): open issues that are candidates, in the validation
 * backlog, or taken on by the team without any workflow label yet.
 */
export function isInRefinementQueue(issue: Issue, t: Taxonomy): boolean {
  if (issue.state !== 'opened') return false;
  const labels = issue.labels;
  if (labels.includes(t.labels.candidate) || labels.includes(workflowLabel(t, 'validationBacklog')))
    return true;
  return labels.includes(t.labels.team) && !labels.some((l) => l.startsWith(t.workflow.prefix));
}

/** Finish writes to GitLab in these steps, in this order; each is recorded when done. */
export const APPLY_STEPS = ['weight', 'labels', 'note'] as const;
export type ApplyStep = (typeof APPLY_STEPS)[number];
