import type { Deps } from '../deps.js';
import { computeDigest, type Digest, pickMilestone, todayIn } from '../domain/digest.js';
import type { Issue, Milestone } from '../domain/issue.js';
import { workflowLabel } from '../domain/taxonomy.js';

/** Page bounds per listing (100 issues a page): a huge group still gives a digest in seconds. */
const PAGES = { milestone: 100, candidates: 20 } as const;

export interface DigestRequest {
  /** A milestone title; null or absent means the current one. */
  milestone?: string | null;
  /** "Today" is taken in this time zone when choosing the current milestone. */
  timezone: string;
  /** Start of "since the last digest". */
  since?: number;
}

/** GITLAB_GROUPS, or the namespaces of the configured projects when none is set. */
export function digestGroups(deps: Pick<Deps, 'config'>): string[] {
  const c = deps.config;
  if (c.GITLAB_GROUPS.length > 0) return c.GITLAB_GROUPS;
  const namespaces = [c.GITLAB_INTERNAL_PROJECT, c.GITLAB_PRODUCT_PROJECT]
    .filter((p) => p.includes('/'))
    .map((p) => p.slice(0, p.lastIndexOf('/')));
  return [...new Set(namespaces)];
}

async function findMilestone(deps: Deps, groups: string[], req: DigestRequest, now: number) {
  const lists = await Promise.all(groups.map((g) => deps.gitlab.listGroupMilestones(g, 'active')));
  const today = todayIn(req.timezone, now);
  const found = pickMilestone(lists.flat(), today, req.milestone);
  if (found || !req.milestone) return found;
  const closed = await Promise.all(groups.map((g) => deps.gitlab.listGroupMilestones(g, 'closed')));
  return pickMilestone(closed.flat(), today, req.milestone);
}

async function loadGroup(deps: Deps, group: string, milestone: Milestone | null) {
  const t = deps.taxonomy;
  const [planned, candidates] = await Promise.all([
    milestone
      ? deps.gitlab.listGroupIssues(
          group,
          { labels: [t.labels.team], milestone: milestone.title, state: 'all' },
          { maxPages: PAGES.milestone },
        )
      : Promise.resolve({ issues: [] as Issue[], truncated: false }),
    deps.gitlab.listGroupIssues(
      group,
      { labels: [t.labels.candidate], state: 'opened' },
      { maxPages: PAGES.candidates },
    ),
  ]);
  return {
    planned: planned.issues,
    candidates: candidates.issues,
    truncated: planned.truncated || candidates.truncated,
  };
}

/**
 * The team's AppSec-related issues in dev or in review, any milestone: a page of each is
 * enough to tell whether the rule holds and to name a few.
 */
async function loadAppSecInFlight(deps: Deps, groups: string[]): Promise<Issue[]> {
  const t = deps.taxonomy;
  const states = [workflowLabel(t, 'inDev'), workflowLabel(t, 'inReview')];
  const one = { maxPages: 1, perPage: 20 };
  const lists = states.map((wf) =>
    deps.gitlab.listProjectIssues(
      deps.config.GITLAB_INTERNAL_PROJECT,
      { labels: [t.labels.team, wf], state: 'opened' },
      one,
    ),
  );
  const appsec = t.labels.appsec;
  if (appsec) {
    for (const g of groups) {
      for (const wf of states) {
        lists.push(
          deps.gitlab.listGroupIssues(g, { labels: [t.labels.team, appsec, wf], state: 'opened' }, one),
        );
      }
    }
  }
  return (await Promise.all(lists)).flatMap((l) => l.issues);
}

/** Reads the milestone and the team's issues from GitLab (paginated, bounded) and computes the digest. */
export async function loadDigest(deps: Deps, req: DigestRequest, now: number): Promise<Digest> {
  const groups = digestGroups(deps);
  const milestone = await findMilestone(deps, groups, req, now);
  const [parts, inFlight] = await Promise.all([
    Promise.all(groups.map((g) => loadGroup(deps, g, milestone))),
    loadAppSecInFlight(deps, groups),
  ]);
  const first = groups[0];
  return computeDigest({
    milestone,
    issues: parts.flatMap((p) => p.planned),
    candidates: parts.flatMap((p) => p.candidates),
    inFlight,
    now,
    taxonomy: deps.taxonomy,
    internalProject: deps.config.GITLAB_INTERNAL_PROJECT,
    staleDays: deps.config.CANDIDATE_STALE_DAYS,
    lists: first ? { gitlabUrl: deps.config.GITLAB_URL, group: first } : null,
    since: req.since,
    truncated: parts.some((p) => p.truncated),
  });
}
