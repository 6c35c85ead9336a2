import type { OpenProblem } from '../../use-cases/refine.js';
import { escapeMrkdwn, safeText } from '../escape.js';

export const NOT_A_MEMBER =
  ':no_entry: Only members of the Product Security Engineering team can refine issues. ' +
  'If you should be one, ask the team to add you.';

/** Why the checklist of `ref` cannot be opened, in words for the member. */
export function describeOpenProblem(ref: string, problem: OpenProblem, detail: string): string {
  const r = `*${safeText(ref, 300)}*`;
  switch (problem) {
    case 'closed':
      return `${r} is closed: there is nothing to refine. Reopen it in GitLab first.`;
    case 'not_found':
      return `${r} was not found in GitLab, or the bot cannot see it. Check the reference.`;
    case 'forbidden':
      return `The bot has no access to ${r} in GitLab (${escapeMrkdwn(detail)}).`;
    case 'gitlab':
      return `:warning: GitLab is not answering right now (${escapeMrkdwn(detail)}). Nothing was changed; try again in a moment.`;
  }
}
