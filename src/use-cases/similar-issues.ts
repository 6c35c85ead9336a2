import type { Deps } from '../deps.js';
import { rankSimilar, searchTerms } from '../domain/candidate.js';
import type { Issue } from '../domain/issue.js';
import { disclosureFor, type ProjectVisibility } from '../domain/visibility.js';
import { describeGitLabFailure } from '../slack/gitlab-failure.js';
import { isTeamReader } from './authorize.js';

export type SimilarIssues = { ok: true; issues: Issue[] } | { ok: false; reason: string };

/**
 * Up to five open issues in GITLAB_GROUPS (or the two configured projects) whose titles resemble
 * the text. NOTE: GitLab's issue search matches every word it is given, so each distinctive word
 * is searched on its own and the results are ranked by how many words a title shares.
 */
export async function findSimilarIssues(
  deps: Pick<Deps, 'config' | 'gitlab'>,
  text: string,
): Promise<SimilarIssues> {
  const terms = searchTerms(text);
  if (terms.length === 0) return { ok: true, issues: [] };
  const { config, gitlab } = deps;
  const scopes: Array<(term: string) => Promise<{ issues: Issue[] }>> =
    config.GITLAB_GROUPS.length > 0
      ? config.GITLAB_GROUPS.map((g) => (term) => gitlab.listGroupIssues(g, filters(term), PAGE))
      : [config.GITLAB_INTERNAL_PROJECT, config.GITLAB_PRODUCT_PROJECT].map(
          (p) => (term) => gitlab.listProjectIssues(p, filters(term), PAGE),
        );
  const results = await Promise.allSettled(scopes.flatMap((search) => terms.map((t) => search(t))));
  const found = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.issues : []));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (found.length === 0 && failure) {
    const err = failure.reason;
    return {
      ok: false,
      reason: describeGitLabFailure(err),
    };
  }
  return { ok: true, issues: rankSimilar(found, terms) };
}

const PAGE = { maxPages: 1, perPage: 20 };
const filters = (term: string) => ({
  search: term,
  searchIn: 'title' as const,
  state: 'opened' as const,
  orderBy: 'updated_at' as const,
  sort: 'desc' as const,
});

/**
 * The suggestions the person may see: all of them for a team member; for a person with a linked
 * GitLab account, those GitLab lets them read; for anyone else, only non-confidential issues of
 * public projects. Unknown (a failed lookup) counts as "may not see".
 */
export async function similarIssuesFor(deps: Deps, userId: string, text: string): Promise<SimilarIssues> {
  const found = await findSimilarIssues(deps, text);
  if (!found.ok || found.issues.length === 0) return found;
  if (await isTeamReader(deps, userId)) return found;
  const linked = deps.identity.linkOf(userId) !== null;
  const visibility = new Map<number, Promise<ProjectVisibility>>();
  const visibilityOf = (projectId: number) => {
    let v = visibility.get(projectId);
    if (!v) {
      v = deps.gitlab
        .getProject(projectId)
        .then((p) => p.visibility)
        .catch(() => 'unknown' as const);
      visibility.set(projectId, v);
    }
    return v;
  };
  const shown = await Promise.all(
    found.issues.map(async (issue) => {
      const gitlabCanRead = linked
        ? await deps.identity
            .canRead(userId, { project: String(issue.projectId), iid: issue.iid })
            .catch(() => 'unknown' as const)
        : ('unlinked' as const);
      const projectVisibility = issue.confidential ? 'unknown' : await visibilityOf(issue.projectId);
      const d = disclosureFor(
        { kind: 'person', person: { isTeam: false, isAuthor: false, gitlabCanRead } },
        { confidential: issue.confidential, projectVisibility, inScope: true },
      );
      return d === 'content' ? issue : null;
    }),
  );
  return { ok: true, issues: shown.filter((i): i is Issue => i !== null) };
}
