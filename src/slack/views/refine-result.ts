import type { ModalView } from '@slack/types';
import type { RefinementField } from '../../domain/refinement.js';
import type { Taxonomy } from '../../domain/taxonomy.js';
import type { OpenProblem, RefinementOutcome } from '../../use-cases/refine.js';
import { escapeMrkdwn, safeText } from '../escape.js';
import { describeGitLabFailure } from '../gitlab-failure.js';
import { ids } from '../ids.js';
import { buildRefusal } from '../messages/refusal.js';
import { buildRefineModal } from './refine-modal.js';
import {
  buildRefineAlreadyFinishedView,
  buildRefineApplyingView,
  buildRefineCheckingView,
  buildRefineConfirmView,
  buildRefineNoticeView,
} from './refine-notices.js';

const MISSING = 'This checklist no longer exists. Run `/prodsec refine` again.';
const NO_LONGER_READY = 'The saved checklist no longer meets the definition of ready. Reopen it to fix it.';

const NOTICES = {
  new: undefined,
  resumed: ':leftwards_arrow_with_hook: Resuming the saved checklist.',
  saved: ':floppy_disk: Progress saved. Anyone on the team can resume it with `/prodsec refine`.',
} as const;

/** Why the checklist of `ref` cannot be opened, in words for the member. */
export function describeOpenProblem(ref: string, problem: OpenProblem, detail: string): string {
  const r = `*${safeText(ref, 300)}*`;
  switch (problem) {
    case 'closed':
      return `${r} is closed: there is nothing to refine. Reopen it in GitLab first.`;
    // NOTE: one wording for both, so the answer does not tell what the bot's token can reach.
    case 'not_found':
    case 'forbidden':
      return `${r} cannot be found or is not available to the bot. Check the reference.`;
    case 'gitlab':
      return `:warning: GitLab is not answering right now (${escapeMrkdwn(detail)}). Nothing was changed; try again in a moment.`;
  }
}

/** The Finish answer when the definition of ready is not met: a message on each field's block. */
export function buildRefineFieldErrors(
  errors: Partial<Record<RefinementField, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    out[ids.refine.blocks[field as RefinementField]] = message;
  }
  return out;
}

/** The one mapping from a refinement outcome to what the modal shows. */
export function buildRefineResultView(
  outcome: RefinementOutcome,
  ctx: { taxonomy: Taxonomy; now: number },
): ModalView {
  switch (outcome.kind) {
    case 'checklist':
      return buildRefineModal({
        record: outcome.record,
        taxonomy: ctx.taxonomy,
        now: ctx.now,
        fingerprint: outcome.fingerprint,
        notice: NOTICES[outcome.notice],
      });
    case 'denied':
      return buildRefineNoticeView(buildRefusal(outcome).text);
    case 'missing':
      return buildRefineNoticeView(MISSING);
    case 'unavailable':
      return buildRefineNoticeView(
        describeOpenProblem(
          outcome.issueRef,
          outcome.problem,
          outcome.problem === 'closed' ? 'closed' : describeGitLabFailure(outcome.cause),
        ),
      );
    case 'not_ready':
      return buildRefineNoticeView(NO_LONGER_READY);
    case 'checking':
      return buildRefineCheckingView(outcome.record);
    case 'needs_confirmation': {
      const { change } = outcome;
      return buildRefineConfirmView(
        outcome.record,
        'cause' in change
          ? { closed: false, labels: null, problem: describeGitLabFailure(change.cause) }
          : change,
      );
    }
    case 'already_finished':
      return buildRefineAlreadyFinishedView(outcome.record);
    case 'queued':
      return buildRefineApplyingView(outcome.record);
  }
}
