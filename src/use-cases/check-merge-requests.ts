import type { Deps } from '../deps.js';
import type { RequestType } from '../domain/request-types.js';
import type { MergeRequestLink, TypedRequest } from '../domain/typed-request.js';
import { isGitLabError } from '../gitlab/errors.js';

/** How long the form waits for GitLab to confirm the merge requests before accepting them unchecked. */
export const MR_CHECK_BUDGET_MS = 2_000;

/**
 * Each merge request named in a request must exist and be readable: read as the requester when
 * they are linked (GitLab answers 404 for one they may not see), else with the bot's token.
 * Returns a message per field with a missing one. NOTE: this answers a view_submission, which
 * Slack drops after 3 s: a GitLab that is down or slower than the budget accepts the links, so the
 * request is saved and filed rather than lost.
 */
export async function checkMergeRequests(
  deps: Deps,
  requesterId: string,
  type: RequestType,
  request: TypedRequest,
  budgetMs = MR_CHECK_BUDGET_MS,
): Promise<Record<string, string>> {
  const fields = type.fields.filter((f) => f.kind === 'merge_request');
  if (fields.length === 0) return {};
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Record<string, string>>((resolve) => {
    timer = setTimeout(() => {
      deps.log.warn({ requester: requesterId }, 'merge requests not checked in time: accepted');
      resolve({});
    }, budgetMs);
  });
  const check = async () => {
    const gitlab = (await deps.identity.gitlabFor(requesterId).catch(() => null)) ?? deps.gitlab;
    const errors: Record<string, string> = {};
    for (const field of fields) {
      const links = (request.values[field.id] as MergeRequestLink[] | undefined) ?? [];
      const missing = await firstMissing(deps, gitlab, links);
      if (missing)
        errors[field.id] =
          `${missing.project}!${missing.iid} was not found in GitLab, or you cannot read it. Please check the link.`;
    }
    return errors;
  };
  try {
    return await Promise.race([check(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function firstMissing(
  deps: Deps,
  gitlab: Deps['gitlab'],
  links: readonly MergeRequestLink[],
): Promise<MergeRequestLink | undefined> {
  const results = await Promise.all(
    links.map((mr) =>
      gitlab.getMergeRequest(mr.project, mr.iid).then(
        () => 'ok' as const,
        (err: unknown) => {
          if (isGitLabError(err) && (err.isNotFound || err.isForbidden)) return 'missing' as const;
          deps.log.warn(
            { error: err instanceof Error ? err.message : String(err) },
            'merge request not checked',
          );
          return 'ok' as const;
        },
      ),
    ),
  );
  return links.find((_, i) => results[i] === 'missing');
}
