import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { RefinementRecord } from '../../store/refinements-repo.js';
import { context, plain, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

export const refineConfirmMetadataSchema = z.object({ id: z.number().int().positive() });
export type RefineConfirmMetadata = z.infer<typeof refineConfirmMetadataSchema>;

function notice(title: string, mrkdwn: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [section(mrkdwn)],
  };
}

/** Opened at once (the trigger expires in 3 s); replaced when GitLab has answered. */
export function buildRefineLoadingView(ref: string): ModalView {
  return notice('Refine issue', `:hourglass_flowing_sand: Loading *${safeText(ref, 300)}* from GitLab…`);
}

/** Why the checklist cannot be shown or finished: not a member, closed, not found, GitLab down. */
export function buildRefineNoticeView(mrkdwn: string): ModalView {
  return notice('Refine issue', mrkdwn);
}

export function buildRefineCheckingView(r: RefinementRecord): ModalView {
  return notice(
    'Refine issue',
    `:mag: Checking that *${link(r.issueUrl, r.issueRef)}* has not changed since you opened the checklist…`,
  );
}

/**
 * Shown instead of applying when the issue was closed or relabelled while the checklist was
 * open, or could not be re-read: the member decides whether to overwrite.
 */
export function buildRefineConfirmView(
  r: RefinementRecord,
  change: { closed: boolean; labels: string[] | null; problem?: string },
): ModalView {
  const meta: RefineConfirmMetadata = { id: r.id };
  const lines: string[] = [];
  if (change.problem) {
    lines.push(
      `:warning: GitLab could not be asked whether *${link(r.issueUrl, r.issueRef)}* changed meanwhile ` +
        `(${escapeMrkdwn(change.problem)}). Your checklist is saved.`,
      'Apply anyway? The bot keeps retrying until GitLab answers, and reports each step.',
    );
  } else {
    lines.push(`:warning: *${link(r.issueUrl, r.issueRef)}* changed since you opened the checklist:`);
    if (change.closed) lines.push('• it was *closed*');
    if (change.labels) {
      const now = change.labels.map((l) => `\`${safeText(l, 100)}\``).join(' ') || '_none_';
      lines.push(`• its labels changed; they are now ${now}`);
    }
    lines.push('Apply the refinement anyway, overwriting weight, workflow, priority and metric?');
  }
  return {
    type: 'modal',
    callback_id: ids.refine.confirmCallbackId,
    title: plain('Issue changed', LIMITS.modalTitle),
    submit: plain('Apply anyway', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta),
    blocks: [
      section(lines.join('\n')),
      context(
        `Cancel keeps the checklist saved: \`/prodsec refine ${safeText(r.issueRef, 300)}\` reopens it.`,
      ),
    ],
  };
}

export function buildRefineApplyingView(r: RefinementRecord): ModalView {
  return notice(
    'Refinement finished',
    `:white_check_mark: Writing the refinement of *${link(r.issueUrl, r.issueRef)}* to GitLab: weight, labels, ` +
      'then a summary note. The bot messages you as the steps land, or if one fails.',
  );
}

export function buildRefineAlreadyFinishedView(r: RefinementRecord): ModalView {
  const who = r.finishedBy ? `<@${r.finishedBy}>` : 'someone else';
  return notice(
    'Already finished',
    `This refinement of *${link(r.issueUrl, r.issueRef)}* was already finished by ${who}. ` +
      `Run \`/prodsec refine ${safeText(r.issueRef, 300)}\` to start a new one.`,
  );
}
