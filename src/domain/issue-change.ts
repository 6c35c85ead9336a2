import { type Taxonomy, workflowLabel } from './taxonomy.js';

/** What a requester or flagger is told about: one kind per change the bot noticed on an issue. */
export type IssueChangeKind =
  | 'closed'
  | 'reopened'
  | 'taken_on'
  | 'declined'
  | 'ready_for_development'
  | 'in_dev'
  | 'blocked'
  | 'back_to_validation'
  | 'commented';

/** An issue's state as far as changes go: open or closed, its labels, and when GitLab last changed it. */
export interface IssueSnapshot {
  state: 'opened' | 'closed';
  labels: string[];
  /** ISO time; hook payloads carry whole seconds, the REST API milliseconds. */
  updatedAt: string;
}

/** What the bot last saw of an issue, at whole-second precision. */
export interface SeenState {
  state: 'opened' | 'closed';
  labels: string[];
  updatedAtSec: number;
}

/**
 * Whole seconds since the epoch. NOTE: GitLab's hook payloads say `2026-01-02 10:11:12 UTC`
 * (whole seconds) where the REST API says `2026-01-02T10:11:12.345Z`; both compare at seconds.
 */
export function toEpochSeconds(updatedAt: string): number {
  const hook = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: UTC| ([+-]\d{2}):?(\d{2}))?$/.exec(
    updatedAt.trim(),
  );
  const iso = hook ? `${hook[1]}T${hook[2]}${hook[3] ? `${hook[3]}:${hook[4]}` : 'Z'}` : updatedAt.trim();
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / 1000);
}

/**
 * Whether a snapshot may be applied over what the bot last saw. An older one (a late or
 * out-of-order delivery) is dropped; one in the same second is applied, because the coarser
 * precision of hooks must never drop a change: the diff against the last-seen labels makes a
 * repeat harmless.
 */
export function isNewer(seen: SeenState | undefined, snapshot: IssueSnapshot): boolean {
  if (!seen) return true;
  const sec = toEpochSeconds(snapshot.updatedAt);
  return Number.isNaN(sec) || sec >= seen.updatedAtSec;
}

const WORKFLOW_MOVES = [
  ['readyForDevelopment', 'ready_for_development'],
  ['inDev', 'in_dev'],
  ['blocked', 'blocked'],
  ['validationBacklog', 'back_to_validation'],
] as const;

/**
 * The change kinds between what the bot saw before and the issue now, in the order a person
 * would read them. Pure: labels and state only (comments come from note events).
 */
export function changesBetween(
  before: Pick<SeenState, 'state' | 'labels'>,
  after: Pick<IssueSnapshot, 'state' | 'labels'>,
  t: Taxonomy,
): IssueChangeKind[] {
  const out: IssueChangeKind[] = [];
  const had = new Set(before.labels);
  const has = new Set(after.labels);
  const { team, candidate } = t.labels;
  if (!had.has(team) && has.has(team)) out.push('taken_on');
  if ((had.has(team) || had.has(candidate)) && !has.has(team) && !has.has(candidate)) out.push('declined');
  for (const [key, kind] of WORKFLOW_MOVES) {
    const label = workflowLabel(t, key);
    if (!had.has(label) && has.has(label)) out.push(kind);
  }
  if (before.state === 'opened' && after.state === 'closed') out.push('closed');
  if (before.state === 'closed' && after.state === 'opened') out.push('reopened');
  return out;
}

/** Taking on and declining are team decisions: made in GitLab, they belong in the audit trail too. */
export function isDecision(kind: IssueChangeKind): kind is 'taken_on' | 'declined' {
  return kind === 'taken_on' || kind === 'declined';
}

/** The issue entered the queue: it gained the candidate label and is not (yet) taken on. */
export function enteredQueue(
  before: Pick<SeenState, 'labels'>,
  after: Pick<IssueSnapshot, 'labels' | 'state'>,
  t: Taxonomy,
): boolean {
  const { candidate, team } = t.labels;
  return (
    after.state === 'opened' &&
    !before.labels.includes(candidate) &&
    after.labels.includes(candidate) &&
    !after.labels.includes(team)
  );
}

/** The state the thread reply shows, and so which triage controls still apply. */
export type Standing = 'closed' | 'taken_on' | 'declined' | 'candidate';

export function standingOf(s: Pick<IssueSnapshot, 'state' | 'labels'>, t: Taxonomy): Standing {
  if (s.state === 'closed') return 'closed';
  if (s.labels.includes(t.labels.team)) return 'taken_on';
  if (s.labels.includes(t.labels.candidate)) return 'candidate';
  return 'declined';
}

/**
 * Who may read an issue's content in a DM: anyone when it is not confidential; for a
 * confidential one, only the person who filed it through the bot (their own words).
 */
export function mayShowContentInDm(confidential: boolean, filedByThem: boolean): boolean {
  return !confidential || filedByThem;
}
