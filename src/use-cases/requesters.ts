import type { Deps } from '../deps.js';
import { inProject, projectPathOf } from '../domain/digest.js';
import type { Issue } from '../domain/issue.js';
import type { RequestRecord } from '../store/requests-repo.js';

/** Someone to tell about an issue: its requester (with the request's R- id) or a flagger of a message. */
export interface Requester {
  userId: string;
  /** The request id (`R-12`) for a requester; null for a flagger. */
  ref: string | null;
}

/** The request filed through the bot that became this issue, if any. */
export function requestForIssue(
  deps: Pick<Deps, 'config' | 'store'>,
  issue: Issue,
): RequestRecord | undefined {
  const projects = [deps.config.GITLAB_INTERNAL_PROJECT, deps.config.GITLAB_PRODUCT_PROJECT];
  for (const project of projects) {
    if (!inProject(issue, project)) continue;
    const found = deps.store.requests.findByIssue(project, issue.iid);
    if (found) return found;
  }
  return undefined;
}

/** The keys the flags table may hold for an issue: its path, its numeric id, or a configured project. */
function issueKeys(deps: Pick<Deps, 'config'>, issue: Issue): string[] {
  const projects = [projectPathOf(issue), String(issue.projectId)];
  for (const p of [deps.config.GITLAB_INTERNAL_PROJECT, deps.config.GITLAB_PRODUCT_PROJECT]) {
    if (inProject(issue, p)) projects.push(p);
  }
  return [...new Set(projects.map((p) => `${p.toLowerCase()}#${issue.iid}`))];
}

/**
 * Who asked for this issue: its requester (filed through the bot) and whoever flagged a message
 * into it. Each once. `request`: the issue's request when the caller looked it up already.
 */
export function requestersOf(
  deps: Pick<Deps, 'config' | 'store'>,
  issue: Issue,
  request: RequestRecord | undefined = requestForIssue(deps, issue),
): Requester[] {
  const out = new Map<string, Requester>();
  if (request) out.set(request.requesterId, { userId: request.requesterId, ref: request.ref });
  for (const key of issueKeys(deps, issue)) {
    for (const flag of deps.store.flags.forIssue(key)) {
      if (!out.has(flag.flaggerId)) out.set(flag.flaggerId, { userId: flag.flaggerId, ref: null });
    }
  }
  return [...out.values()];
}
