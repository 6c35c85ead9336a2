import type { IssueChangeKind, SeenState } from '../domain/issue-change.js';
import type { Db } from './db.js';

/** The key under which a flag's candidate thread reply is remembered (channel and ts). */
export function candidateReplyKey(flagId: number): string {
  return `flag-reply:${flagId}`;
}

export interface WebhookDelivery {
  id: number;
  dedupeKey: string;
  event: string;
  body: unknown;
  status: 'pending' | 'done';
  receivedAt: number;
}

export interface IssueChange {
  id: number;
  issueKey: string;
  issueRef: string;
  kind: IssueChangeKind;
  /** The GitLab username who made the change, when known. */
  actor: string | null;
  source: 'webhook' | 'sweep';
  at: number;
  details: Record<string, unknown> | null;
}

interface ChangeRow {
  id: number;
  issue_key: string;
  issue_ref: string;
  kind: IssueChangeKind;
  actor: string | null;
  source: 'webhook' | 'sweep';
  at: number;
  details_json: string | null;
}

const toChange = (r: ChangeRow): IssueChange => ({
  id: r.id,
  issueKey: r.issue_key,
  issueRef: r.issue_ref,
  kind: r.kind,
  actor: r.actor,
  source: r.source,
  at: r.at,
  details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
});

/**
 * GitLab webhook deliveries, what the bot last saw of each issue, the change record (one row
 * per change however it was learnt) and who was told about each change.
 */
export function createIssueChangesRepo(db: Db) {
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (dedupe_key, event, body, status, received_at)
     VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const deliveryById = db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?');
  const deliveryDone = db.prepare(
    "UPDATE webhook_deliveries SET status = 'done', processed_at = ? WHERE id = ?",
  );
  const lastDelivery = db.prepare('SELECT max(received_at) AS at FROM webhook_deliveries');
  const countDeliveries = db.prepare('SELECT count(*) AS n FROM webhook_deliveries');
  const pruneDeliveries = db.prepare(
    "DELETE FROM webhook_deliveries WHERE status = 'done' AND received_at < ? AND id < (SELECT max(id) FROM webhook_deliveries)",
  );
  const seenGet = db.prepare('SELECT * FROM issue_seen WHERE issue_key = ?');
  const seenSet = db.prepare(
    `INSERT INTO issue_seen (issue_key, updated_at_sec, state, labels_json, source, seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (issue_key) DO UPDATE SET updated_at_sec = max(updated_at_sec, excluded.updated_at_sec),
       state = excluded.state, labels_json = excluded.labels_json, source = excluded.source, seen_at = excluded.seen_at`,
  );
  const insertChange = db.prepare(
    `INSERT INTO issue_changes (change_key, issue_key, issue_ref, kind, actor, source, at, details_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (change_key) DO NOTHING`,
  );
  const changeById = db.prepare('SELECT * FROM issue_changes WHERE id = ?');
  const changesSince = db.prepare('SELECT * FROM issue_changes WHERE at >= ? ORDER BY id');
  const countsSince = db.prepare(
    'SELECT kind, count(*) AS count FROM issue_changes WHERE at >= ? GROUP BY kind',
  );
  const changesOf = db.prepare('SELECT * FROM issue_changes WHERE issue_key = ? ORDER BY id');
  const latestStanding = db.prepare(
    "SELECT * FROM issue_changes WHERE issue_key = ? AND kind != 'commented' ORDER BY id DESC LIMIT 1",
  );
  const insertNotice = db.prepare(
    'INSERT INTO issue_change_notices (change_id, user_id, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const lastDecision = db.prepare(
    "SELECT kind FROM decisions WHERE issue_key = ? AND status != 'failed' ORDER BY id DESC LIMIT 1",
  );
  const lastDecisionActor = db.prepare(
    "SELECT kind, actor_id AS actorId FROM decisions WHERE issue_key = ? AND status != 'failed' ORDER BY id DESC LIMIT 1",
  );
  const linkedExisting = db.prepare(
    "SELECT DISTINCT issue_key AS issueKey, project, iid FROM flags WHERE status = 'linked' AND mode = 'existing' ORDER BY id LIMIT ?",
  );
  const postGet = db.prepare('SELECT channel, ts FROM posted_messages WHERE key = ?');
  const postSet = db.prepare(
    `INSERT INTO posted_messages (key, channel, ts, posted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, posted_at = excluded.posted_at`,
  );

  return {
    /** Saves a delivery unless its key was seen before (a redelivery): returns its id, or null. */
    saveDelivery(d: { dedupeKey: string; event: string; body: string }, now: number): number | null {
      const info = insertDelivery.run(d.dedupeKey, d.event, d.body, now);
      return info.changes === 1 ? Number(info.lastInsertRowid) : null;
    },
    delivery(id: number): WebhookDelivery | undefined {
      const r = deliveryById.get(id) as
        | {
            id: number;
            dedupe_key: string;
            event: string;
            body: string;
            status: 'pending' | 'done';
            received_at: number;
          }
        | undefined;
      if (!r) return undefined;
      return {
        id: r.id,
        dedupeKey: r.dedupe_key,
        event: r.event,
        body: JSON.parse(r.body) as unknown,
        status: r.status,
        receivedAt: r.received_at,
      };
    },
    markDeliveryDone(id: number, now: number): void {
      deliveryDone.run(now, id);
    },
    /** When the last webhook was accepted, or null if none ever was. */
    lastDeliveryAt(): number | null {
      return (lastDelivery.get() as { at: number | null }).at;
    },
    deliveryCount(): number {
      return (countDeliveries.get() as { n: number }).n;
    },
    /**
     * Forgets processed deliveries older than `olderThan` (their keys stop deduplicating then:
     * GitLab redelivers within minutes, "Resend request" within days), keeping the newest so the
     * time of the last accepted webhook survives.
     */
    pruneDeliveries(olderThan: number): number {
      return pruneDeliveries.run(olderThan).changes;
    },
    seen(issueKey: string): SeenState | undefined {
      const r = seenGet.get(issueKey) as
        | { updated_at_sec: number; state: 'opened' | 'closed'; labels_json: string }
        | undefined;
      return r
        ? { state: r.state, labels: JSON.parse(r.labels_json) as string[], updatedAtSec: r.updated_at_sec }
        : undefined;
    },
    setSeen(issueKey: string, s: SeenState, source: 'webhook' | 'sweep', now: number): void {
      seenSet.run(issueKey, s.updatedAtSec, s.state, JSON.stringify(s.labels), source, now);
    },
    /** Records one change; a second record under the same key is a repeat and returns null. */
    recordChange(c: Omit<IssueChange, 'id'> & { changeKey: string }): IssueChange | null {
      const info = insertChange.run(
        c.changeKey,
        c.issueKey,
        c.issueRef,
        c.kind,
        c.actor,
        c.source,
        c.at,
        c.details ? JSON.stringify(c.details) : null,
      );
      if (info.changes !== 1) return null;
      return toChange(changeById.get(info.lastInsertRowid) as ChangeRow);
    },
    changesSince(at: number): IssueChange[] {
      return (changesSince.all(at) as ChangeRow[]).map(toChange);
    },
    /** How many changes of each kind were recorded since `at`. */
    countsSince(at: number): Map<IssueChangeKind, number> {
      const rows = countsSince.all(at) as Array<{ kind: IssueChangeKind; count: number }>;
      return new Map(rows.map((r) => [r.kind, r.count]));
    },
    changesOf(issueKey: string): IssueChange[] {
      return (changesOf.all(issueKey) as ChangeRow[]).map(toChange);
    },
    /**
     * The latest change of each issue's standing (not a comment), as its people were told: changes
     * are recorded only when newer than what was seen, so the highest id is the current one.
     */
    latestStanding(issueKeys: string[]): Map<string, IssueChange> {
      const out = new Map<string, IssueChange>();
      for (const key of new Set(issueKeys)) {
        const r = latestStanding.get(key) as ChangeRow | undefined;
        if (r) out.set(key, toChange(r));
      }
      return out;
    },
    /** True the first time a person is told about a change. Call in the transaction that queues the notice. */
    noticeFirst(changeId: number, userId: string, now: number): boolean {
      return insertNotice.run(changeId, userId, now).changes === 1;
    },
    /** The kind of the latest decision made through the bot on an issue (`take_on`, `decline`), if any. */
    lastDecisionKind(issueKey: string): string | undefined {
      return (lastDecision.get(issueKey) as { kind: string } | undefined)?.kind;
    },
    /** The latest decision made through the bot on an issue and who made it (Slack user id), if any. */
    lastDecisionBy(issueKey: string): { kind: string; actorId: string } | undefined {
      return lastDecisionActor.get(issueKey) as { kind: string; actorId: string } | undefined;
    },
    /** Existing issues that messages were flagged into (the bot did not file them), for the sweep. */
    flaggedExistingIssues(limit: number): Array<{ issueKey: string; project: string; iid: number }> {
      return linkedExisting.all(limit) as Array<{ issueKey: string; project: string; iid: number }>;
    },
    /** Where a message the bot posted went (to update it in place later). */
    postedMessage(key: string): { channel: string; ts: string } | undefined {
      return postGet.get(key) as { channel: string; ts: string } | undefined;
    },
    rememberPost(key: string, channel: string, ts: string, now: number): void {
      postSet.run(key, channel, ts, now);
    },
  };
}

export type IssueChangesRepo = ReturnType<typeof createIssueChangesRepo>;
