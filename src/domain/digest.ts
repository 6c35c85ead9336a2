import { localTime } from './cron.js';
import type { Issue, Milestone } from './issue.js';
import { type Taxonomy, workflowLabel } from './taxonomy.js';

/** One issue as a digest lists it. Titles are GitLab text: builders escape them. */
export interface IssueSummary {
  ref: string;
  title: string;
  webUrl: string;
  confidential: boolean;
  ageDays: number;
}

/** A number and, where GitLab has one, the issue list it counts. */
export interface Count {
  count: number;
  url?: string;
}

export interface DigestInput {
  milestone: Milestone | null;
  /** The team's issues in the milestone, open and closed. */
  issues: Issue[];
  /** Open issues carrying the candidate label, any milestone. */
  candidates: Issue[];
  /** Open AppSec-related team issues in dev or in review, any milestone (for the AppSec-in-flight rule). */
  inFlight: Issue[];
  now: number;
  taxonomy: Taxonomy;
  /** Path or id of the internal (AppSec automation) project. */
  internalProject: string;
  staleDays: number;
  /** Where issue lists live: `${gitlabUrl}/groups/${group}/-/issues`. */
  lists: { gitlabUrl: string; group: string } | null;
  /** Closed since this instant counts as "moved since the last digest". */
  since?: number;
  truncated?: boolean;
}

export interface Digest {
  milestone: { title: string; webUrl: string; startDate: string | null; dueDate: string | null } | null;
  planned: Count & { weight: number };
  done: Count & { weight: number };
  /** Closed weight per week since the milestone started; null without a start date. */
  velocity: number | null;
  closedSince: IssueSummary[];
  workflow: { ready: Count; inDev: Count; inReview: Count; blocked: Count; complete: Count };
  blocked: IssueSummary[];
  unrefined: Count & { oldest: IssueSummary | null };
  /** Candidates waiting longer than the stale limit without a decision, oldest first. */
  stale: IssueSummary[];
  appsec: { holds: boolean; inFlight: IssueSummary[] };
  health: {
    missingWeight: IssueSummary[];
    missingAssignee: IssueSummary[];
    missingMetric: IssueSummary[];
    unplanned: IssueSummary[];
  };
  /** GitLab lists of the health flags GitLab can filter on. */
  healthUrls: { missingWeight?: string; missingAssignee?: string };
  truncated: boolean;
}

const DAY_MS = 86_400_000;

export function summarize(issue: Issue, now: number): IssueSummary {
  return {
    ref: issue.ref,
    title: issue.title,
    webUrl: issue.webUrl,
    confidential: issue.confidential,
    ageDays: Math.max(0, Math.floor((now - Date.parse(issue.createdAt)) / DAY_MS)),
  };
}

/** `group/project` of an issue ref `group/project#12`. */
export function projectPathOf(issue: Issue): string {
  const i = issue.ref.lastIndexOf('#');
  return i > 0 ? issue.ref.slice(0, i) : '';
}

/** Whether an issue lives in a project given by path or numeric id. */
export function inProject(issue: Issue, project: string): boolean {
  if (/^\d+$/.test(project)) return issue.projectId === Number(project);
  return projectPathOf(issue).toLowerCase() === project.toLowerCase();
}

/** AppSec-related: filed in the internal project, or carrying the configured AppSec label. */
export function isAppSec(issue: Issue, t: Taxonomy, internalProject: string): boolean {
  return (
    inProject(issue, internalProject) ||
    (t.labels.appsec !== undefined && issue.labels.includes(t.labels.appsec))
  );
}

/** Unrefined: no `workflow::` label, or the validation backlog. */
export function isUnrefined(issue: Issue, t: Taxonomy): boolean {
  const workflow = issue.labels.filter((l) => l.startsWith(t.workflow.prefix));
  return workflow.length === 0 || workflow.includes(workflowLabel(t, 'validationBacklog'));
}

/** Open candidates that are unrefined and have waited more than `staleDays` without a decision (take on). */
export function staleCandidates(candidates: Issue[], t: Taxonomy, now: number, staleDays: number): Issue[] {
  return candidates
    .filter(
      (i) =>
        i.state === 'opened' &&
        i.labels.includes(t.labels.candidate) &&
        !i.labels.includes(t.labels.team) &&
        isUnrefined(i, t) &&
        now - Date.parse(i.createdAt) > staleDays * DAY_MS,
    )
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** The local date (`YYYY-MM-DD`) in a time zone. */
export function todayIn(tz: string, now: number): string {
  // NOTE: every form submission asks (a date field is checked against today), and formatToParts
  // costs ~50 µs; a date changes only on a minute boundary (time-zone offsets are whole minutes),
  // so the answer is kept for the minute.
  const minute = Math.floor(now / 60_000);
  if (lastToday.tz === tz && lastToday.minute === minute) return lastToday.date;
  const l = localTime(now, tz);
  const date = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  lastToday = { tz, minute, date };
  return date;
}
let lastToday = { tz: '', minute: Number.NaN, date: '' };

/** The named milestone, or the active one whose dates contain today (the latest-starting if several). */
export function pickMilestone(
  milestones: Milestone[],
  today: string,
  title?: string | null,
): Milestone | null {
  if (title) {
    const named = milestones.filter((m) => m.title === title);
    return named.find((m) => m.state === 'active') ?? named[0] ?? null;
  }
  const current = milestones.filter(
    (m) =>
      m.state === 'active' &&
      (m.startDate === null || m.startDate <= today) &&
      (m.dueDate === null || today <= m.dueDate) &&
      (m.startDate !== null || m.dueDate !== null),
  );
  current.sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''));
  return current[0] ?? null;
}

export interface ListQuery {
  labels?: string[];
  notLabels?: string[];
  milestone?: string;
  state?: 'opened' | 'closed' | 'all';
  /** Further list filters of GitLab's issue list page, e.g. `weight: 'None'`. */
  extra?: Record<string, string>;
}

/** The GitLab web list of issues matching a query. */
export function issueListUrl(lists: DigestInput['lists'], q: ListQuery): string | undefined {
  if (!lists) return undefined;
  const params = new URLSearchParams();
  for (const l of q.labels ?? []) params.append('label_name[]', l);
  for (const l of q.notLabels ?? []) params.append('not[label_name][]', l);
  if (q.milestone) params.set('milestone_title', q.milestone);
  params.set('state', q.state ?? 'opened');
  for (const [k, v] of Object.entries(q.extra ?? {})) params.set(k, v);
  const base = lists.gitlabUrl.replace(/\/$/, '');
  return `${base}/groups/${lists.group}/-/issues?${params.toString()}`;
}

const weightOf = (issues: Issue[]) => issues.reduce((sum, i) => sum + (i.weight ?? 0), 0);
// NOTE: one Collator for every comparison: `localeCompare` with options builds one per call, which
// was most of the bot's CPU for a 10,000-issue digest (each list of thousands of issues is sorted).
const refOrder = new Intl.Collator('en', { numeric: true });
const byRef = (a: IssueSummary, b: IssueSummary) => refOrder.compare(a.ref, b.ref);

function uniqueByRef(issues: Issue[]): Issue[] {
  const seen = new Map<string, Issue>();
  for (const i of issues) seen.set(i.ref, i);
  return [...seen.values()];
}

/** A milestone digest: what is planned, done, moving, stuck or waiting, and whether the backlog rules hold. */
export function computeDigest(input: DigestInput): Digest {
  const { taxonomy: t, now } = input;
  const issues = uniqueByRef(input.issues);
  const m = input.milestone;
  const team = t.labels.team;
  const ms = m?.title;
  const url = (q: ListQuery) => issueListUrl(input.lists, { milestone: ms, ...q });
  const sum = (list: Issue[]) => list.map((i) => summarize(i, now)).sort(byRef);
  const open = issues.filter((i) => i.state === 'opened');
  const closed = issues.filter((i) => i.state === 'closed');
  const openWith = (state: Parameters<typeof workflowLabel>[1]) =>
    open.filter((i) => i.labels.includes(workflowLabel(t, state)));
  const countOf = (state: Parameters<typeof workflowLabel>[1]): Count => ({
    count: openWith(state).length,
    url: url({ labels: [team, workflowLabel(t, state)] }),
  });

  let velocity: number | null = null;
  if (m?.startDate) {
    const end = m.dueDate ? Math.min(now, Date.parse(`${m.dueDate}T23:59:59Z`)) : now;
    const weeks = Math.max(1, (end - Date.parse(`${m.startDate}T00:00:00Z`)) / (7 * DAY_MS));
    velocity = Math.round((weightOf(closed) / weeks) * 10) / 10;
  }

  const unrefined = uniqueByRef(input.candidates)
    .filter((i) => i.state === 'opened' && i.labels.includes(t.labels.candidate) && isUnrefined(i, t))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const inFlight = uniqueByRef([...open, ...input.inFlight]).filter(
    (i) =>
      i.state === 'opened' &&
      (i.labels.includes(workflowLabel(t, 'inDev')) || i.labels.includes(workflowLabel(t, 'inReview'))),
  );
  const appsecInFlight = inFlight.filter((i) => isAppSec(i, t, input.internalProject));
  const startDay = m?.startDate ?? null;

  return {
    milestone: m ? { title: m.title, webUrl: m.webUrl, startDate: m.startDate, dueDate: m.dueDate } : null,
    planned: { count: issues.length, weight: weightOf(issues), url: url({ labels: [team], state: 'all' }) },
    done: { count: closed.length, weight: weightOf(closed), url: url({ labels: [team], state: 'closed' }) },
    velocity,
    closedSince:
      input.since === undefined
        ? []
        : sum(closed.filter((i) => i.closedAt !== null && Date.parse(i.closedAt) >= (input.since ?? 0))),
    workflow: {
      ready: countOf('readyForDevelopment'),
      inDev: countOf('inDev'),
      inReview: countOf('inReview'),
      blocked: countOf('blocked'),
      complete: {
        count: issues.filter((i) => i.labels.includes(workflowLabel(t, 'complete'))).length,
        url: url({ labels: [team, workflowLabel(t, 'complete')], state: 'all' }),
      },
    },
    blocked: sum(openWith('blocked')),
    unrefined: {
      count: unrefined.length,
      url: issueListUrl(input.lists, { labels: [t.labels.candidate] }),
      oldest: unrefined[0] ? summarize(unrefined[0], now) : null,
    },
    stale: staleCandidates(unrefined, t, now, input.staleDays).map((i) => summarize(i, now)),
    appsec: { holds: appsecInFlight.length > 0, inFlight: sum(appsecInFlight) },
    health: {
      missingWeight: sum(open.filter((i) => i.weight === null)),
      missingAssignee: sum(open.filter((i) => i.assignees.length === 0)),
      missingMetric: sum(open.filter((i) => !i.labels.some((l) => l.startsWith(t.metric.prefix)))),
      unplanned: startDay ? sum(issues.filter((i) => i.createdAt.slice(0, 10) > startDay)) : [],
    },
    healthUrls: {
      missingWeight: url({ labels: [team], extra: { weight: 'None' } }),
      missingAssignee: url({ labels: [team], extra: { assignee_id: 'None' } }),
    },
    truncated: input.truncated ?? false,
  };
}
