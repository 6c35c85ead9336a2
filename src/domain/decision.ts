import { quoteForGitLab } from './gitlab-text.js';
import type { Issue } from './issue.js';
import type { IssueRef } from './issue-ref.js';
import { findScoped, metricLabel, type Taxonomy } from './taxonomy.js';

/** A triage decision on a candidate: the team takes it on, or declines it. */
export type DecisionKind = 'take_on' | 'decline';

export const DECISION_NAMES: Record<DecisionKind, string> = { take_on: 'take on', decline: 'decline' };

/** Steps of applying a decision to GitLab, in order; each is recorded once done. */
export type DecisionStep = 'labels' | 'note';
export const DECISION_STEPS: DecisionStep[] = ['labels', 'note'];
export const STEP_NAMES: Record<DecisionStep, string> = {
  labels: 'update the labels',
  note: 'post the note on the issue',
};

export const REASON_MAX = 3000;

/** How the bot keys an issue in its own tables: project path (lower case) and iid. */
export function issueKeyOf(ref: IssueRef): string {
  return `${ref.project.toLowerCase()}#${ref.iid}`;
}

/** The owning group's label on the issue (`group::…`), if any. */
export function groupLabelOf(issue: Pick<Issue, 'labels'>, t: Taxonomy): string | undefined {
  return findScoped(issue.labels, t.groupPrefix);
}

/** What a decision does to the labels, given the issue as it is now. */
export interface LabelPlan {
  addLabels: string[];
  removeLabels: string[];
  /** Decline only: the member asked for community contributions but the issue is confidential. */
  communitySkipped: boolean;
}

/** Take on: the team label, and a metric label (the chosen one, else Pending unless one is there). */
export function planTakeOn(issue: Pick<Issue, 'labels'>, t: Taxonomy, metric: string | null): LabelPlan {
  const addLabels = [t.labels.team];
  const current = findScoped(issue.labels, t.metric.prefix);
  if (metric) addLabels.push(metricLabel(t, metric));
  else if (!current) addLabels.push(metricLabel(t, t.metric.pending));
  return { addLabels, removeLabels: [], communitySkipped: false };
}

/** Decline: off the team's backlog; open to the community only when asked and the issue is public. */
export function planDecline(
  issue: Pick<Issue, 'confidential'>,
  t: Taxonomy,
  seekCommunity: boolean,
): LabelPlan {
  const community = seekCommunity && !issue.confidential;
  return {
    addLabels: community ? [t.labels.seekingCommunity] : [],
    removeLabels: [t.labels.team, t.labels.candidate],
    communitySkipped: seekCommunity && issue.confidential,
  };
}

/** The metric kinds a member may pick when taking work on, Pending included. */
export function metricChoices(t: Taxonomy): string[] {
  return t.metric.kinds.includes(t.metric.pending) ? t.metric.kinds : [...t.metric.kinds, t.metric.pending];
}

export function isMetricKind(t: Taxonomy, kind: string): boolean {
  return metricChoices(t).includes(kind);
}

const mentions = (owners: string[]) => owners.map((o) => `@${o}`).join(' ');

/** Why nobody was pinged, in words, or undefined when someone was. */
export function noOwnerReason(groupLabel: string | undefined, owners: string[]): string | undefined {
  if (!groupLabel) return 'the issue has no group label';
  if (owners.length === 0) return `no PM/EM is recorded for ${groupLabel}`;
  return undefined;
}

/** Whose GitLab token posts a decision's note: the member's own, or the bot's on their behalf. */
export type PostedBy = 'person' | 'bot';

/** The note's last line: GitLab names the author; when that is the bot, the note names the member. */
function decidedBy(actor: string, postedBy: PostedBy): string {
  return postedBy === 'person'
    ? '_Decided in Slack through prodsec-bot._'
    : `_Posted by prodsec-bot on behalf of Slack user ${actor}, who decided this in Slack._`;
}

/** The handbook's message to the owning group's PM/EM when the team takes work on. */
export function buildTakeOnNote(p: {
  groupLabel?: string;
  owners: string[];
  actor: string;
  postedBy?: PostedBy;
}): string {
  const nobody = noOwnerReason(p.groupLabel, p.owners);
  const lines = [
    nobody
      ? 'The Product Security Engineering team is taking this on.'
      : `${mentions(p.owners)}: the Product Security Engineering team is taking this on (${p.groupLabel}).`,
    '',
    'We are working on it and will align with any existing efforts in this area. ' +
      'After release, it belongs to the owning product team.',
  ];
  if (nobody) lines.push('', `No PM/EM was pinged: ${nobody}.`);
  lines.push('', decidedBy(p.actor, p.postedBy ?? 'bot'));
  return lines.join('\n');
}

/** The reasoning comment of a decline, with the owners told when known. */
export function buildDeclineNote(p: {
  reason: string;
  groupLabel?: string;
  owners: string[];
  community: boolean;
  actor: string;
  postedBy?: PostedBy;
}): string {
  const lines = [
    'The Product Security Engineering team will not take this on.',
    '',
    '**Why:**',
    '',
    quoteForGitLab(p.reason),
  ];
  if (!noOwnerReason(p.groupLabel, p.owners))
    lines.push('', `${mentions(p.owners)}: for your awareness, this stays with ${p.groupLabel}.`);
  if (p.community) lines.push('', 'It is a good fit for a community contribution.');
  lines.push('', decidedBy(p.actor, p.postedBy ?? 'bot'));
  return lines.join('\n');
}

export function decisionNoteMarker(decisionId: number): string {
  return `prodsec-bot-decision-${decisionId}`;
}
