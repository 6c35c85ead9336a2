import type { Deps } from '../deps.js';
import type { Issue } from '../domain/issue.js';
import { isInRefinementQueue } from '../domain/refinement.js';
import { workflowLabel } from '../domain/taxonomy.js';
import type { IssueFilters } from '../gitlab/client.js';
import { authorize, type Denied } from './authorize.js';

export interface RefinementQueue {
  /** The oldest `limit` issues waiting for refinement, oldest first. */
  issues: Issue[];
  /** How many are waiting in all. */
  total: number;
  /** Some listing hit its page cap: there may be more. */
  truncated: boolean;
}

/** Pages per listing: 20 pages of 100 is far more than a queue a team can work through. */
const MAX_PAGES = 20;

/**
 * Open issues in GITLAB_GROUPS (or, with no groups, the two projects) that wait for refinement.
 * GitLab ANDs label filters, so each way into the queue is its own listing, merged here.
 */
export async function loadRefinementQueue(deps: Deps, limit: number): Promise<RefinementQueue> {
  const t = deps.taxonomy;
  const { GITLAB_GROUPS: groups, GITLAB_INTERNAL_PROJECT, GITLAB_PRODUCT_PROJECT } = deps.config;
  const sources: Array<(f: IssueFilters) => ReturnType<typeof deps.gitlab.listGroupIssues>> =
    groups.length > 0
      ? groups.map((g) => (f: IssueFilters) => deps.gitlab.listGroupIssues(g, f, { maxPages: MAX_PAGES }))
      : [GITLAB_INTERNAL_PROJECT, GITLAB_PRODUCT_PROJECT].map(
          (p) => (f: IssueFilters) => deps.gitlab.listProjectIssues(p, f, { maxPages: MAX_PAGES }),
        );
  const labelSets = [[t.labels.candidate], [workflowLabel(t, 'validationBacklog')], [t.labels.team]];
  const byRef = new Map<string, Issue>();
  let truncated = false;
  for (const list of sources) {
    for (const labels of labelSets) {
      const page = await list({ labels, state: 'opened', orderBy: 'created_at', sort: 'asc' });
      truncated ||= page.truncated;
      for (const issue of page.issues) {
        if (isInRefinementQueue(issue, t)) byRef.set(issue.ref.toLowerCase(), issue);
      }
    }
  }
  const all = [...byRef.values()].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.ref.localeCompare(b.ref),
  );
  return { issues: all.slice(0, Math.max(0, limit)), total: all.length, truncated };
}

/** `/prodsec queue`: the head of the refinement queue, for the team. */
export async function showRefinementQueue(
  deps: Deps,
  userId: string,
  limit: number,
): Promise<Denied | ({ kind: 'found' } & RefinementQueue)> {
  const access = await authorize(deps, { userId, action: 'refine.queue', target: { kind: 'none' } });
  if (access.kind === 'denied') return access;
  return { kind: 'found', ...(await loadRefinementQueue(deps, limit)) };
}
