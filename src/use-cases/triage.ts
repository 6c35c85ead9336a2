import type { Deps } from '../deps.js';
import { groupLabelOf, issueKeyOf } from '../domain/decision.js';
import type { Issue } from '../domain/issue.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import { gitlabProblem } from '../gitlab/problem.js';
import type { RequestRecord } from '../store/requests-repo.js';
import { requestForIssue } from './requesters.js';

export interface TriageFacts {
  issue: Issue;
  issueRef: string;
  groupLabel: string | null;
  owners: string[];
  request: RequestRecord | undefined;
  flaggers: string[];
}

export type TriageLookup = { ok: true; facts: TriageFacts } | { ok: false; reason: string };

/** What a member needs to decide on an issue: the issue, its owners, and who asked for it. */
export async function loadTriage(deps: Deps, ref: IssueRef): Promise<TriageLookup> {
  const issueRef = formatIssueRef(ref);
  let issue: Issue;
  try {
    issue = await deps.gitlab.getIssue(ref.project, ref.iid);
  } catch (err) {
    return { ok: false, reason: gitlabProblem(err, issueRef).reason };
  }
  const groupLabel = groupLabelOf(issue, deps.taxonomy) ?? null;
  const flaggers = new Set<string>();
  for (const key of new Set([issueKeyOf(ref), issue.ref.toLowerCase()]))
    for (const f of deps.store.flags.forIssue(key)) flaggers.add(f.flaggerId);
  return {
    ok: true,
    facts: {
      issue,
      issueRef,
      groupLabel,
      owners: groupLabel ? (deps.store.owners.get(groupLabel)?.usernames ?? []) : [],
      request: requestForIssue(deps, issue),
      flaggers: [...flaggers],
    },
  };
}
