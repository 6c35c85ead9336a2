import { quoteForGitLab } from './gitlab-text.js';
import {
  BREAKDOWNS,
  formatMinutes,
  metricKinds,
  PRIORITY_NONE,
  type ReadyRefinement,
  weightMeaning,
} from './refinement.js';
import { metricLabel, priorityLabel, type Taxonomy, workflowLabel } from './taxonomy.js';

export interface RefinementNoteFacts {
  ready: ReadyRefinement;
  /** The Slack user who pressed Finish: their id and display name. */
  refinedBy: { id: string; name: string };
  minutesSpent: number;
  /** Whose GitLab token posts the note: 'bot' adds that the bot posts it on the member's behalf. */
  postedBy?: 'person' | 'bot';
}

/** The marker that lets a retry find the summary note GitLab may already hold. */
export function refinementNoteMarker(refinementId: number): string {
  return `prodsec-bot:refinement:${refinementId}`;
}

/** A Slack name is user-chosen: keep letters, digits and a little punctuation, nothing Markdown acts on. */
function plainName(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}._ -]/gu, '')
      .slice(0, 80)
      .trim() || 'unknown'
  );
}

function quoted(text: string): string {
  return text.trim() ? quoteForGitLab(text.trim()) : '> _(not given)_';
}

/**
 * The one summary note Finish posts. Every piece of member text is block-quoted, so no line of
 * it can start a GitLab quick action.
 */
export function buildRefinementNote(t: Taxonomy, f: RefinementNoteFacts): string {
  const { draft, weight, needsSolutionValidation } = f.ready;
  const timebox = t.refinementTimeboxMinutes;
  const over = f.minutesSpent > timebox ? `, over the ${timebox}-minute timebox` : '';
  const breakdown = draft.breakdown ? BREAKDOWNS[draft.breakdown] : 'not considered';
  const priority =
    draft.priority === null
      ? 'unchanged'
      : draft.priority === PRIORITY_NONE
        ? 'none'
        : `\`${priorityLabel(t, draft.priority)}\``;
  const metric =
    draft.metric !== null && metricKinds(t).includes(draft.metric)
      ? `\`${metricLabel(t, draft.metric)}\``
      : 'unchanged';
  const workflow = workflowLabel(t, needsSolutionValidation ? 'solutionValidation' : 'readyForDevelopment');
  const lines = [
    '## Refinement summary',
    '',
    `Refined in Slack by ${plainName(f.refinedBy.name)} (Slack user ${f.refinedBy.id.replace(/[^A-Z0-9]/g, '')}) ` +
      `through prodsec-bot. Time spent: ${formatMinutes(f.minutesSpent)}${over}.`,
    '',
    '**Goal**',
    '',
    quoted(draft.goal),
    '',
    '**Definition of done**',
    '',
    quoted(draft.definitionOfDone),
    '',
    `**Break down**: ${breakdown}`,
    ...(draft.breakdownNote.trim() ? ['', quoted(draft.breakdownNote)] : []),
    '',
    '**Proposed solution**',
    '',
    quoted(draft.solution),
    '',
    `**Solution validation with other teams**: ${needsSolutionValidation ? 'needed' : 'not needed'}`,
    '',
    `**Weight**: ${weight}${weightMeaning(t, weight) ? ` (${weightMeaning(t, weight)})` : ''}`,
    `**Priority**: ${priority}`,
    `**Metric**: ${metric}`,
    `**Workflow**: \`${workflow}\``,
  ];
  if (f.postedBy === 'bot') {
    lines.push(
      '',
      `_Posted by prodsec-bot on behalf of ${plainName(f.refinedBy.name)} (Slack user ${f.refinedBy.id.replace(/[^A-Z0-9]/g, '')})._`,
    );
  }
  return lines.join('\n');
}
