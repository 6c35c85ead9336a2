import type { DecisionKind } from '../../domain/decision.js';
import type { Disclosure } from '../../domain/visibility.js';
import type { DecisionRecord, DecisionResult } from '../../store/decisions-repo.js';
import { context, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import type { SlackMessage } from './request-messages.js';

const VERB: Record<DecisionKind, { doing: string; done: string }> = {
  take_on: { doing: 'Taking on', done: 'took on' },
  decline: { doing: 'Declining', done: 'declined' },
};

export function buildDecisionQueuedText(kind: DecisionKind, issueRef: string): string {
  return `:hourglass_flowing_sand: ${VERB[kind].doing} *${escapeMrkdwn(issueRef)}* now. The bot will message you when GitLab has it.`;
}

export function buildDecisionPendingText(pending: DecisionRecord, issueRef: string): string {
  return (
    `:hourglass_flowing_sand: <@${pending.actorId}> is already ${pending.kind === 'take_on' ? 'taking on' : 'declining'} ` +
    `*${escapeMrkdwn(issueRef)}*; that decision is still being applied. Nothing else was recorded.`
  );
}

const issueLink = (r: DecisionResult) => link(r.issueUrl, r.issueRef);

function ownersLine(r: DecisionResult): string {
  if (!r.groupLabel) return 'No PM/EM was pinged: the issue has no group label.';
  if (r.owners.length === 0)
    return `No PM/EM was pinged: none is recorded for ${escapeMrkdwn(r.groupLabel)} (\`/prodsec owners set\`).`;
  return `Pinged ${r.owners.map((o) => `@${escapeMrkdwn(o)}`).join(', ')} (${escapeMrkdwn(r.groupLabel)}) on the issue.`;
}

/** To the member: the decision reached GitLab, and what it changed. */
export function buildDecisionDoneMessage(d: DecisionRecord, r: DecisionResult): SlackMessage {
  if (r.alreadyTaken) {
    const text = `:information_source: ${issueLink(r)} already carries the team label; nothing was changed.`;
    return { text: `${r.issueRef} was already taken on; nothing changed.`, blocks: [section(text)] };
  }
  const lines = [`:white_check_mark: You ${VERB[d.kind].done} ${issueLink(r)} ${safeText(r.title, 200)}`];
  if (r.addedLabels.length)
    lines.push(`Added: ${r.addedLabels.map((l) => `\`${escapeMrkdwn(l)}\``).join(', ')}`);
  if (r.removedLabels.length)
    lines.push(`Removed: ${r.removedLabels.map((l) => `\`${escapeMrkdwn(l)}\``).join(', ')}`);
  if (r.communitySkipped) lines.push('Not marked for community contributions: the issue is confidential.');
  lines.push(ownersLine(r));
  return { text: `You ${VERB[d.kind].done} ${r.issueRef}.`, blocks: [section(lines.join('\n'))] };
}

/** To the member: GitLab refused a step for good; which steps were done and which were not. */
export function buildDecisionFailedMessage(
  d: DecisionRecord,
  issueRef: string,
  p: { failed: string; reason: string; done: string[]; notDone: string[] },
): SlackMessage {
  const lines = [
    `:warning: ${VERB[d.kind].doing} *${escapeMrkdwn(issueRef)}* stopped: could not ${p.failed}, because ${escapeMrkdwn(p.reason)}.`,
    `Done: ${p.done.length ? p.done.join('; ') : 'nothing'}.`,
    `Not done: ${p.notDone.join('; ')}.`,
  ];
  return {
    text: `${VERB[d.kind].doing} ${issueRef} stopped: ${escapeMrkdwn(p.reason)}`,
    blocks: [section(lines.join('\n')), context('The decision is kept in the audit log (`/prodsec audit`).')],
  };
}

export function buildDecisionWillRetryMessage(d: DecisionRecord, issueRef: string): SlackMessage {
  const text =
    `:hourglass_flowing_sand: Your decision to ${d.kind === 'take_on' ? 'take on' : 'decline'} *${escapeMrkdwn(issueRef)}* ` +
    'is saved. GitLab is not answering right now, so the bot will apply it automatically. Nothing is lost.';
  return { text, blocks: [section(text)] };
}

/**
 * Closing the loop: to the requester or flagger, what was decided, by whom, and why. `shown` is
 * what this reader may see of the issue: with `reference`, no title and no decline reason.
 */
export function buildDecisionNotice(
  d: DecisionRecord,
  r: DecisionResult,
  origin: { requestRef?: string; permalink?: string | null },
  shown: Disclosure,
): SlackMessage {
  const yours = origin.requestRef
    ? `Your request *${escapeMrkdwn(origin.requestRef)}*`
    : origin.permalink
      ? `The ${link(origin.permalink, 'message you flagged')}`
      : 'The message you flagged';
  const head =
    d.kind === 'take_on'
      ? `:tada: ${yours} (${issueLink(r)}) was taken on by the Product Security Engineering team: <@${d.actorId}> decided.`
      : `:no_entry_sign: ${yours} (${issueLink(r)}) was declined by the Product Security Engineering team: <@${d.actorId}> decided.`;
  const lines = [head];
  if (shown === 'content') {
    lines.push(`>${safeText(r.title, 300)}`);
    if (d.kind === 'decline' && d.reason) lines.push(`*Why:* ${safeText(d.reason, 2000)}`);
  } else lines.push('The issue’s details stay in GitLab: open the link if you have access there.');
  if (d.kind === 'decline' && r.addedLabels.length > 0) lines.push('It is open to community contributions.');
  return {
    text: `${d.kind === 'take_on' ? 'Taken on' : 'Declined'}: ${r.issueRef}`,
    blocks: [section(lines.join('\n'))],
  };
}
