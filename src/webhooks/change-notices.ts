import type { Deps } from '../deps.js';
import { metricChoices } from '../domain/decision.js';
import type { Issue } from '../domain/issue.js';
import { standingOf } from '../domain/issue-change.js';
import type { Disclosure } from '../domain/visibility.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import {
  buildCandidateReplyState,
  buildIssueChangeNotice,
  type ChangedIssue,
  type GitLabActor,
} from '../slack/messages/issue-change-messages.js';
import type { FlagRecord } from '../store/flags-repo.js';
import { candidateReplyKey, type IssueChange } from '../store/issue-changes-repo.js';
import type { RequestRecord } from '../store/requests-repo.js';
import { disclosureToPerson } from '../use-cases/recipient-audience.js';
import { type Requester, requestersOf, requestForIssue } from '../use-cases/requesters.js';
import type { ObservedIssue } from './hook-payload.js';

/**
 * Who hears about a change GitLab made to an issue the bot knows, and what each may be shown:
 * the requester and flaggers (privately, once per change, content only to those who may see the
 * issue) and the candidate thread replies (redrawn in place). apply-issue-change.ts decides what
 * changed and records it; this module tells.
 */

export const issueKeyOfObserved = (o: Pick<ObservedIssue, 'projectPath' | 'iid'>) =>
  `${o.projectPath.toLowerCase()}#${o.iid}`;

/** Enough of a domain issue for the requester lookups. */
export function asIssue(o: ObservedIssue): Issue {
  return {
    projectId: o.projectId,
    iid: o.iid,
    ref: `${o.projectPath}#${o.iid}`,
    title: o.title,
    description: '',
    state: o.snapshot.state,
    labels: o.snapshot.labels,
    confidential: o.confidential,
    weight: null,
    assignees: [],
    author: '',
    milestone: null,
    createdAt: o.snapshot.updatedAt,
    updatedAt: o.snapshot.updatedAt,
    closedAt: null,
    webUrl: o.webUrl,
  };
}

export const changed = (o: ObservedIssue): ChangedIssue => ({
  ref: `${o.projectPath}#${o.iid}`,
  webUrl: o.webUrl,
  title: o.title,
  confidential: o.confidential,
});

/** The linked flags of an issue, under any of the keys the flags table may hold for it. */
export function flagsOf(deps: Deps, o: ObservedIssue): FlagRecord[] {
  const keys = new Set([issueKeyOfObserved(o), `${o.projectId}#${o.iid}`]);
  for (const p of [deps.config.GITLAB_INTERNAL_PROJECT, deps.config.GITLAB_PRODUCT_PROJECT]) {
    const same = /^\d+$/.test(p)
      ? Number(p) === o.projectId
      : p.toLowerCase() === o.projectPath.toLowerCase();
    if (same) keys.add(`${p.toLowerCase()}#${o.iid}`);
  }
  return [...keys].flatMap((key) => deps.store.flags.forIssue(key));
}

/**
 * What each requester and flagger may be shown of the issue (`shown`), looked up before the
 * transaction, and the issue's request (looked up once per delivery).
 */
export interface NoticeAudiences {
  request: RequestRecord | undefined;
  shown: Map<string, Disclosure>;
}

export async function noticeAudiences(deps: Deps, o: ObservedIssue): Promise<NoticeAudiences> {
  const issue = asIssue(o);
  const request = requestForIssue(deps, issue);
  // Their own words: the requester, and whoever flagged a message into a new issue they titled.
  const authors = new Set(
    flagsOf(deps, o)
      .filter((f) => f.fields.mode === 'new')
      .map((f) => f.flaggerId),
  );
  if (request) authors.add(request.requesterId);
  const people = requestersOf(deps, issue, request);
  const shown = await Promise.all(
    people.map((p) => disclosureToPerson(deps, p.userId, issue, { isAuthor: authors.has(p.userId) })),
  );
  return { request, shown: new Map(people.map((p, i) => [p.userId, shown[i] ?? 'reference'])) };
}

/**
 * Tells each requester and flagger of the issue about one recorded change, privately and once,
 * rendered for that reader (`audiences`): content only to those who may see the issue.
 */
export function tellRequesters(
  deps: Deps,
  o: ObservedIssue,
  people: Requester[],
  change: IssueChange,
  audiences: NoticeAudiences,
  comment?: { url: string; text: string; internal: boolean },
  wroteIt: (userId: string) => boolean = () => false,
): number {
  let told = 0;
  for (const person of people) {
    if (wroteIt(person.userId)) continue;
    if (!deps.store.issueChanges.noticeFirst(change.id, person.userId, deps.clock())) continue;
    const showContent = audiences.shown.get(person.userId) === 'content' && !comment?.internal;
    const notice = buildIssueChangeNotice({
      kind: change.kind,
      issue: changed(o),
      requestRef: person.ref,
      showContent,
      actor: o.actor,
      comment: comment ? { url: comment.url, text: comment.text } : undefined,
    });
    enqueue(
      deps,
      'slack_post',
      { channel: person.userId, ...notice },
      `issue-change:${change.id}:${person.userId}`,
    );
    told++;
  }
  return told;
}

/** Redraws the candidate thread replies of the issue in place: current standing, controls that still apply. */
export function updateThreadReplies(
  deps: Deps,
  o: ObservedIssue,
  change: IssueChange,
  decidedIn: GitLabActor | null,
) {
  for (const flag of flagsOf(deps, o)) {
    const posted = deps.store.issueChanges.postedMessage(candidateReplyKey(flag.id));
    if (!posted) continue;
    const reply = buildCandidateReplyState({
      flaggerId: flag.flaggerId,
      mode: flag.fields.mode,
      issue: changed(o),
      standing: standingOf(o.snapshot, deps.taxonomy),
      decidedIn,
      metricKinds: metricChoices(deps.taxonomy),
    });
    enqueue(
      deps,
      'slack_post',
      { channel: posted.channel, updateTs: posted.ts, ...reply },
      `candidate-reply:${flag.id}:${change.id}`,
    );
  }
}
