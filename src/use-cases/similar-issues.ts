import type { Deps } from '../deps.js';
import { rankSimilar, searchTerms } from '../domain/candidate.js';
import type { Issue } from '../domain/issue.js';
import { describeGitLabFailure } from '../slack/gitlab-failure.js';

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
