import type { Deps } from '../deps.js';
import { isSuccessfulOutcome } from '../domain/audit.js';
import type { Digest } from '../domain/digest.js';
import type { IssueChangeKind } from '../domain/issue-change.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import type { DigestEscalations } from '../slack/messages/digest-escalations.js';
import { buildDigestMessage, type DigestActivity } from '../slack/messages/digest-message.js';
import { describeIssueChange } from '../slack/messages/issue-change-messages.js';
import { writeTx } from '../store/db.js';
import type { DigestSubscription } from '../store/digests-repo.js';
import { authorize, type Denied } from './authorize.js';
import { loadDigest } from './load-digest.js';

const WEEK_MS = 7 * 24 * 60 * 60_000;
/** The audited actions that are triage decisions (take on, decline) or finished refinements. */
const DECISION_NAMES: Record<string, string> = {
  'triage.take_on': 'taken on',
  'triage.decline': 'declined',
  'refine.finish': 'refined',
};
const decisionName = (action: string) =>
  DECISION_NAMES[action] ?? (action.startsWith('triage.') ? action.slice('triage.'.length) : undefined);

/** The change record's kinds the digest counts besides decisions (those come from the audit), in order. */
const PROGRESS_KINDS: IssueChangeKind[] = [
  'ready_for_development',
  'in_dev',
  'blocked',
  'back_to_validation',
  'closed',
  'reopened',
];

/**
 * New requests filed through the bot and decisions recorded in the audit since `since` (a
 * decision made in GitLab is audited when the change record records it), and the other changes
 * made in GitLab from the change record itself: the same record the notices and App Home use.
 */
export function digestActivity(deps: Pick<Deps, 'store'>, since: number): DigestActivity {
  const newRequests = deps.store.requests.createdSince(since).map((r) => ({
    ref: r.ref,
    title: r.title,
    issueUrl: r.issueUrl,
    confidential: r.fields.confidential,
  }));
  const counts = new Map<string, number>();
  for (const e of deps.store.audit.since(since)) {
    const name = decisionName(e.action);
    if (name === undefined || !isSuccessfulOutcome(e.outcome)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const decisions = [...counts].map(([action, count]) => ({ action, count }));
  const recorded = deps.store.issueChanges.countsSince(since);
  const changes = PROGRESS_KINDS.flatMap((kind) => {
    const count = recorded.get(kind) ?? 0;
    return count > 0 ? [{ kind: describeIssueChange(kind), count }] : [];
  });
  return { newRequests, decisions, changes };
}

/**
 * Queues a subscription's digest for its slot, in one transaction with the slot's "posted" mark
 * and the record of which waiting candidates it mentions (each at most once a week).
 */
export function queueSlotDigest(
  deps: Deps,
  sub: DigestSubscription,
  slot: number,
  digest: Digest,
  now: number,
): void {
  writeTx(deps.store.db, () => {
    const waiting = digest.stale.filter(
      (i) => deps.store.reminders.sendIfDue(`digest-stale:${sub.id}:${i.ref}`, now, WEEK_MS) > 0,
    );
    const message = buildDigestMessage({
      digest,
      // A team member subscribed this channel: it is where they chose to post team data.
      audience: { kind: 'channel', teamData: true },
      waiting,
      staleDays: deps.config.CANDIDATE_STALE_DAYS,
      activity: digestActivity(deps, sub.lastDigestAt ?? sub.createdAt),
      escalations: digestEscalations(deps, sub.lastDigestAt ?? sub.createdAt, now),
      staleSupport: digestStaleSupport(deps, now),
    });
    enqueue(
      deps,
      'slack_post',
      { channel: sub.channelId, ...message, fallbackUser: sub.createdBy },
      `digest:${sub.id}:${slot}`,
    );
    deps.store.digests.markPosted(sub.id, slot, now);
  });
}

/** Support questions still open after SUPPORT_STALE_HOURS, oldest first. */
export function digestStaleSupport(deps: Pick<Deps, 'store' | 'config'>, now: number) {
  const staleHours = deps.config.SUPPORT_STALE_HOURS;
  return { questions: deps.store.support.listStale(now - staleHours * 3_600_000), now, staleHours };
}

/** Open escalations, and the time to acknowledge of those resolved since `since`. */
export function digestEscalations(deps: Pick<Deps, 'store'>, since: number, now: number): DigestEscalations {
  return {
    open: deps.store.escalations
      .listOpen()
      .map((e) => ({ ref: e.ref, link: e.link, state: e.state, since: e.clockStartedAt })),
    ackTimesMs: deps.store.escalations
      .listResolvedSince(since)
      .flatMap((e) => (e.timeToAckMs === null ? [] : [e.timeToAckMs])),
    now,
  };
}

/** `/prodsec digest now`: posts the digest in a channel at once; it marks nothing as mentioned. */
export function queueDigestNow(
  deps: Deps,
  target: { channelId: string; userId: string; key: string },
  digest: Digest,
): void {
  const message = buildDigestMessage({
    digest,
    // `digest now` is team-only (postDigestNow authorizes it): a team member chose this channel.
    audience: { kind: 'channel', teamData: true },
    waiting: digest.stale,
    staleDays: deps.config.CANDIDATE_STALE_DAYS,
    escalations: digestEscalations(deps, deps.clock() - WEEK_MS, deps.clock()),
    staleSupport: digestStaleSupport(deps, deps.clock()),
  });
  enqueue(
    deps,
    'slack_post',
    { channel: target.channelId, ...message, fallbackUser: target.userId },
    `digest-now:${target.key}`,
  );
}

/**
 * `/prodsec digest now` (team only): a team member chose to post team data in this channel, so
 * the digest shows what a subscription's would. Throws when GitLab fails (nothing is posted).
 */
export async function postDigestNow(
  deps: Deps,
  target: { channelId: string; userId: string; key: string },
  onAllowed: () => Promise<void>,
): Promise<Denied | { kind: 'queued' }> {
  const access = await authorize(deps, {
    userId: target.userId,
    action: 'digest.now',
    target: { kind: 'digest', channelId: target.channelId },
  });
  if (access.kind === 'denied') return access;
  await onAllowed();
  const digest = await loadDigest(deps, { timezone: deps.config.DIGEST_TIMEZONE }, deps.clock());
  queueDigestNow(deps, target, digest);
  return { kind: 'queued' };
}
