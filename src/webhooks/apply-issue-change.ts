import type { Deps } from '../deps.js';
import {
  changesBetween,
  enteredQueue,
  isDecision,
  isNewer,
  type SeenState,
  toEpochSeconds,
} from '../domain/issue-change.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { buildCandidateAnnouncement } from '../slack/messages/issue-change-messages.js';
import { writeTx } from '../store/db.js';
import type { IssueChange } from '../store/issue-changes-repo.js';
import { type Requester, requestersOf } from '../use-cases/requesters.js';
import { authorOfNote, isBot, madeThroughBot, noteThroughBot } from './change-authors.js';
import {
  asIssue,
  changed,
  issueKeyOfObserved,
  noticeAudiences,
  tellRequesters,
  updateThreadReplies,
} from './change-notices.js';
import type { ObservedIssue, ObservedNote } from './hook-payload.js';

export type ChangeSource = 'webhook' | 'sweep';

/** The bot reads and acts on issues in the configured projects and groups only. */
export function inScope(deps: Pick<Deps, 'config'>, projectPath: string, projectId: number): boolean {
  const path = projectPath.toLowerCase();
  const {
    GITLAB_INTERNAL_PROJECT: internal,
    GITLAB_PRODUCT_PROJECT: product,
    GITLAB_GROUPS: groups,
  } = deps.config;
  for (const p of [internal, product]) {
    if (/^\d+$/.test(p) ? Number(p) === projectId : p.toLowerCase() === path) return true;
  }
  return groups.some((g) => path.startsWith(`${g.toLowerCase().replace(/\/$/, '')}/`));
}

/** What the bot saw before this observation: its record, or what the event itself says. */
function baselineOf(seen: SeenState | undefined, o: ObservedIssue): Pick<SeenState, 'state' | 'labels'> {
  if (seen) return seen;
  return {
    state: o.previous?.state ?? o.snapshot.state,
    labels: o.previous?.labels ?? o.snapshot.labels,
  };
}

/**
 * Applies what GitLab says an issue looks like now: if it is newer than what the bot last saw,
 * each change (closed, taken on, workflow moved…) is recorded once, told once to the issue's
 * requester and flaggers, audited when it is a decision made in GitLab, and the candidate thread
 * replies are redrawn. The same change learnt twice (a redelivery, the sweep after the webhook)
 * finds nothing new. Returns the changes recorded.
 */
export async function applyIssueChange(
  deps: Deps,
  o: ObservedIssue,
  source: ChangeSource,
): Promise<IssueChange[]> {
  if (!inScope(deps, o.projectPath, o.projectId)) return [];
  const key = issueKeyOfObserved(o);
  const byBot = await isBot(deps, o.actor);
  const audiences = await noticeAudiences(deps, o);
  const now = deps.clock();
  const recorded = writeTx(deps.store.db, () => {
    const repo = deps.store.issueChanges;
    const seen = repo.seen(key);
    if (!isNewer(seen, o.snapshot)) return [];
    const before = baselineOf(seen, o);
    const sec = toEpochSeconds(o.snapshot.updatedAt);
    repo.setSeen(
      key,
      { state: o.snapshot.state, labels: o.snapshot.labels, updatedAtSec: Number.isNaN(sec) ? 0 : sec },
      source,
      now,
    );
    const out: IssueChange[] = [];
    // Read inside the transaction (a flag added meanwhile is told too), the request reused.
    const people = requestersOf(deps, asIssue(o), audiences.request);
    for (const kind of changesBetween(before, o.snapshot, deps.taxonomy)) {
      const change = repo.recordChange({
        changeKey: `${key}:${kind}:${sec}`,
        issueKey: key,
        issueRef: `${o.projectPath}#${o.iid}`,
        kind,
        actor: o.actor?.username ?? null,
        source,
        at: now,
        details: { byBot, labels: o.snapshot.labels },
      });
      if (!change) continue;
      out.push(change);
      const throughBot = byBot || (isDecision(kind) && madeThroughBot(deps, key, kind, o.actor));
      if (isDecision(kind) && !throughBot) {
        deps.store.audit.record({
          at: now,
          actor: o.actor ? `gitlab:${o.actor.username}` : 'gitlab',
          action: kind === 'taken_on' ? 'triage.take_on' : 'triage.decline',
          issueRef: `${o.projectPath}#${o.iid}`,
          reason: null,
          outcome: 'made_in_gitlab',
          details: { source: 'gitlab', learntBy: source, gitlabUser: o.actor?.username ?? null },
        });
      }
      // A decision made through the bot was told by its own decision notice.
      if (!(isDecision(kind) && throughBot)) tellRequesters(deps, o, people, change, audiences);
    }
    const last = out[out.length - 1];
    if (last) updateThreadReplies(deps, o, last, byBot ? null : o.actor);
    announceCandidate(deps, o, before, key, sec, people);
    return out;
  });
  if (recorded.length > 0) void deps.outbox.kick();
  return recorded;
}

/** An issue entered the queue in GitLab and the bot did not file or flag it: announced, when configured. */
function announceCandidate(
  deps: Deps,
  o: ObservedIssue,
  before: Pick<SeenState, 'labels'>,
  key: string,
  sec: number,
  people: Requester[],
): void {
  const channel = deps.config.CANDIDATE_CHANNEL;
  if (!channel || !enteredQueue(before, o.snapshot, deps.taxonomy)) return;
  if (people.length > 0) return;
  enqueue(
    deps,
    'slack_post',
    { channel, ...buildCandidateAnnouncement(changed(o), o.actor) },
    `candidate-announce:${key}:${sec}`,
  );
}

/**
 * A comment on an issue the bot knows: its requester and flaggers hear who wrote it (with the
 * text where they may read it), once per note. The bot's own notes, system notes and a reader's
 * own comments are not news (the comment is still recorded for the digest and the App Home).
 */
export async function applyComment(deps: Deps, n: ObservedNote): Promise<IssueChange | null> {
  const o = n.issue;
  if (n.system || !inScope(deps, o.projectPath, o.projectId)) return null;
  if (await isBot(deps, o.actor)) return null;
  const key = issueKeyOfObserved(o);
  if (noteThroughBot(deps, key, n)) return null;
  const audiences = await noticeAudiences(deps, o);
  const change = writeTx(deps.store.db, () => {
    const recorded = deps.store.issueChanges.recordChange({
      changeKey: `${key}:note:${n.id}`,
      issueKey: key,
      issueRef: `${o.projectPath}#${o.iid}`,
      kind: 'commented',
      actor: o.actor?.username ?? null,
      source: 'webhook',
      at: deps.clock(),
      details: { noteId: n.id, url: n.url, internal: n.internal },
    });
    if (recorded)
      tellRequesters(
        deps,
        o,
        requestersOf(deps, asIssue(o), audiences.request),
        recorded,
        audiences,
        { url: n.url, text: n.text, internal: n.internal },
        authorOfNote(deps, n, audiences.request?.requesterId),
      );
    return recorded;
  });
  if (change) void deps.outbox.kick();
  return change;
}
