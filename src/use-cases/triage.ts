import type { Deps } from '../deps.js';
import { groupLabelOf, issueKeyOf } from '../domain/decision.js';
import type { Issue } from '../domain/issue.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import { gitlabProblem } from '../gitlab/problem.js';
import type { AuditEntry } from '../store/audit-repo.js';
import type { RequestRecord } from '../store/requests-repo.js';
import { authorize, type Denied } from './authorize.js';
import { requestForIssue } from './requesters.js';

export interface TriageFacts {
  issue: Issue;
  issueRef: string;
  groupLabel: string | null;
  owners: string[];
  request: RequestRecord | undefined;
  flaggers: string[];
}

export type TriageLookup =
  | Denied
  | { kind: 'found'; facts: TriageFacts }
  | { kind: 'unavailable'; reason: string };

/** What a member needs to decide on an issue: the issue, its owners, and who asked for it. */
export async function loadTriage(deps: Deps, userId: string, ref: IssueRef): Promise<TriageLookup> {
  const issueRef = formatIssueRef(ref);
  const access = await authorize(deps, {
    userId,
    action: 'triage.view',
    target: { kind: 'issue', ref: issueRef },
  });
  if (access.kind === 'denied') return access;
  let issue: Issue;
  try {
    issue = await deps.gitlab.getIssue(ref.project, ref.iid);
  } catch (err) {
    return { kind: 'unavailable', reason: gitlabProblem(err, issueRef).reason };
  }
  const groupLabel = groupLabelOf(issue, deps.taxonomy) ?? null;
  const flaggers = new Set<string>();
  for (const key of new Set([issueKeyOf(ref), issue.ref.toLowerCase()]))
    for (const f of deps.store.flags.forIssue(key)) flaggers.add(f.flaggerId);
  return {
    kind: 'found',
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

/** `/prodsec audit`: an issue's decisions and refused attempts, for the team. */
export async function readAuditLog(
  deps: Deps,
  userId: string,
  issueRef: string,
): Promise<Denied | { kind: 'found'; entries: AuditEntry[] }> {
  const access = await authorize(deps, {
    userId,
    action: 'audit.view',
    target: { kind: 'issue', ref: issueRef },
  });
  if (access.kind === 'denied') return access;
  return { kind: 'found', entries: deps.store.audit.forIssue(issueRef) };
}
