import { APPLY_STEPS, type ApplyStep, formatMinutes, minutesBetween } from '../../domain/refinement.js';
import type { RefinementRecord } from '../../store/refinements-repo.js';
import { context, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import type { SlackMessage } from './request-messages.js';

export interface ApplyFacts {
  weight: number;
  labels: string[];
}

export interface ApplyFailure {
  step: ApplyStep;
  reason: string;
  /** GitLab refused for good: the remaining steps are not applied. */
  permanent: boolean;
}

function stepText(step: ApplyStep, f: ApplyFacts): string {
  switch (step) {
    case 'weight':
      return `weight set to ${f.weight}`;
    case 'labels':
      return `labels applied: ${f.labels.map((l) => `\`${safeText(l, 100)}\``).join(' ')}`;
    case 'note':
      return 'summary note posted';
  }
}

/** Each step's state: done, failed, or waiting. */
function stepLines(r: RefinementRecord, f: ApplyFacts, failure?: ApplyFailure): string[] {
  return APPLY_STEPS.map((step, i) => {
    const n = `${i + 1}/${APPLY_STEPS.length}`;
    if (r.steps[step]) return `:white_check_mark: ${n} ${stepText(step, f)}`;
    if (failure?.step === step) {
      const next = failure.permanent ? 'stopped here' : 'the bot retries automatically';
      return `:x: ${n} ${step}: ${escapeMrkdwn(failure.reason)}; ${next}`;
    }
    return `:white_small_square: ${n} ${step}: ${failure?.permanent ? 'not applied' : 'waiting'}`;
  });
}

export function buildRefineAppliedMessage(r: RefinementRecord, f: ApplyFacts): SlackMessage {
  const spent = r.finishedAt ? formatMinutes(minutesBetween(r.startedAt, r.finishedAt)) : 'unknown';
  return {
    text: `The refinement of ${r.issueRef} is in GitLab.`,
    blocks: [
      section(
        `:white_check_mark: The refinement of *${link(r.issueUrl, r.issueRef)}* is in GitLab.\n>${safeText(r.title, 300)}`,
      ),
      section(stepLines(r, f).join('\n')),
      context(`Time spent refining: ${spent}.`),
    ],
  };
}

export function buildRefineStepFailedMessage(
  r: RefinementRecord,
  f: ApplyFacts,
  failure: ApplyFailure,
): SlackMessage {
  const ref = link(r.issueUrl, r.issueRef);
  const after = failure.permanent
    ? `The checklist is kept: fix the problem, then \`/prodsec refine ${safeText(r.issueRef, 300)}\` to finish again.`
    : 'Your result is saved; you will get a message once every step is in GitLab.';
  return {
    text: `The refinement of ${r.issueRef} stopped at the ${failure.step} step: ${escapeMrkdwn(failure.reason)}.`,
    blocks: [
      section(
        `:warning: The refinement of *${ref}* could not be written completely: the *${failure.step}* step failed ` +
          `(${escapeMrkdwn(failure.reason)}).`,
      ),
      section(stepLines(r, f, failure).join('\n')),
      context(after),
    ],
  };
}
