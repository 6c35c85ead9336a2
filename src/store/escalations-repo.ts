import { type EscalationState, escalationRef } from '../domain/escalation.js';
import { selectList } from './columns.js';
import type { Db } from './db.js';

export interface EscalationRecord {
  id: number;
  ref: string;
  link: string;
  explanation: string;
  /** Slack user id of the person who escalated. */
  escalator: string;
  requestRef: string | null;
  issue: { project: string; iid: number } | null;
  channelId: string;
  /** ts of the post in the escalation channel, once posted. */
  messageTs: string | null;
  state: EscalationState;
  /** Increments on each un-acknowledge, so the chain can run again. */
  round: number;
  /** Last chain level fired in this round (0 = the first post). */
  level: number;
  nextRepeatAt: number | null;
  /** Creation, or the last un-acknowledge: time to acknowledge counts from here. */
  clockStartedAt: number;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  timeToAckMs: number | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  resolutionNote: string | null;
  /** Bumped on every state change; an in-place update renders the newest. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface EscalationNotification {
  round: number;
  level: number;
  audience: string;
  firedAt: number;
  postedTs: string | null;
}

/** A row as selected: the record's fields, with the issue still in its two columns. */
type Row = Omit<EscalationRecord, 'ref' | 'issue'> & { issueProject: string | null; issueIid: number | null };

const COLUMNS = selectList<Row>({
  id: 'id',
  link: 'link',
  explanation: 'explanation',
  escalator: 'escalator_id',
  requestRef: 'request_ref',
  issueProject: 'issue_project',
  issueIid: 'issue_iid',
  channelId: 'channel_id',
  messageTs: 'message_ts',
  state: 'state',
  round: 'round',
  level: 'level',
  nextRepeatAt: 'next_repeat_at',
  clockStartedAt: 'clock_started_at',
  acknowledgedBy: 'acknowledged_by',
  acknowledgedAt: 'acknowledged_at',
  timeToAckMs: 'time_to_ack_ms',
  resolvedBy: 'resolved_by',
  resolvedAt: 'resolved_at',
  resolutionNote: 'resolution_note',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

const NOTIFICATION_COLUMNS = selectList<EscalationNotification>({
  round: 'round',
  level: 'level',
  audience: 'audience',
  firedAt: 'fired_at',
  postedTs: 'posted_ts',
});

const toRecord = ({ issueProject, issueIid, ...r }: Row): EscalationRecord => ({
  ...r,
  ref: escalationRef(r.id),
  issue: issueProject && issueIid !== null ? { project: issueProject, iid: issueIid } : null,
});

export type NewEscalation = Pick<
  EscalationRecord,
  'link' | 'explanation' | 'escalator' | 'requestRef' | 'issue' | 'channelId' | 'nextRepeatAt'
> & {
  /** What makes a redelivered escalation the same one. */
  sourceKey: string;
};

/** Escalations and the chain levels fired for them. State changes are conditional UPDATEs: one caller wins. */
export function createEscalationsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO escalations (source_key, link, explanation, escalator_id, request_ref, issue_project, issue_iid,
       channel_id, state, next_repeat_at, clock_started_at, created_at, updated_at)
     VALUES (@sourceKey, @link, @explanation, @escalator, @requestRef, @issueProject, @issueIid,
       @channelId, 'open', @nextRepeatAt, @now, @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM escalations WHERE id = ?`);
  const bySource = db.prepare(`SELECT ${COLUMNS} FROM escalations WHERE source_key = ?`);
  const open = db.prepare(
    `SELECT ${COLUMNS} FROM escalations WHERE state IN ('open', 'acknowledged') ORDER BY created_at, id`,
  );
  const closedSince = db.prepare(
    `SELECT ${COLUMNS} FROM escalations WHERE state = 'resolved' AND resolved_at >= ? ORDER BY resolved_at, id`,
  );
  const due = db.prepare(
    `SELECT ${COLUMNS} FROM escalations WHERE state = 'open' AND next_repeat_at IS NOT NULL AND next_repeat_at <= ?
     ORDER BY next_repeat_at, id`,
  );
  const acknowledge = db.prepare(
    `UPDATE escalations SET state = 'acknowledged', acknowledged_by = @user, acknowledged_at = @now,
       time_to_ack_ms = @now - clock_started_at, next_repeat_at = NULL, version = version + 1, updated_at = @now
     WHERE id = @id AND state = 'open'`,
  );
  const unacknowledge = db.prepare(
    `UPDATE escalations SET state = 'open', acknowledged_by = NULL, acknowledged_at = NULL, time_to_ack_ms = NULL,
       round = round + 1, level = 0, clock_started_at = @now, next_repeat_at = @nextRepeatAt,
       version = version + 1, updated_at = @now
     WHERE id = @id AND state = 'acknowledged'`,
  );
  const resolve = db.prepare(
    `UPDATE escalations SET state = 'resolved', resolved_by = @user, resolved_at = @now, resolution_note = @note,
       time_to_ack_ms = COALESCE(time_to_ack_ms, @now - clock_started_at), next_repeat_at = NULL,
       version = version + 1, updated_at = @now
     WHERE id = @id AND state IN ('open', 'acknowledged')`,
  );
  const posted = db.prepare('UPDATE escalations SET message_ts = ? WHERE id = ? AND message_ts IS NULL');
  const claim = db.prepare(
    `INSERT INTO escalation_notifications (escalation_id, round, level, audience, fired_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const advance = db.prepare(
    `UPDATE escalations SET level = @level, next_repeat_at = @nextRepeatAt, updated_at = @now
     WHERE id = @id AND round = @round AND state = 'open'`,
  );
  const levelPosted = db.prepare(
    'UPDATE escalation_notifications SET posted_ts = ? WHERE escalation_id = ? AND round = ? AND level = ?',
  );
  const notifications = db.prepare(
    `SELECT ${NOTIFICATION_COLUMNS} FROM escalation_notifications WHERE escalation_id = ? ORDER BY round, level`,
  );

  const get = (id: number): EscalationRecord | undefined => {
    const row = byId.get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  };

  return {
    /** Inserts the escalation; the same source key again returns the first one with created=false. */
    insert(e: NewEscalation, now: number): { record: EscalationRecord; created: boolean } {
      const info = insert.run({
        ...e,
        issueProject: e.issue?.project ?? null,
        issueIid: e.issue?.iid ?? null,
        now,
      });
      return { record: toRecord(bySource.get(e.sourceKey) as Row), created: info.changes === 1 };
    },
    get,
    /** Open and acknowledged escalations, oldest first (App Home, digest, `/prodsec escalations`). */
    listOpen(): EscalationRecord[] {
      return (open.all() as Row[]).map(toRecord);
    },
    /** Resolved since `at`, with their time to acknowledge, for reporting. */
    listResolvedSince(at: number): EscalationRecord[] {
      return (closedSince.all(at) as Row[]).map(toRecord);
    },
    listDue(now: number): EscalationRecord[] {
      return (due.all(now) as Row[]).map(toRecord);
    },
    /** Only an open escalation can be acknowledged: of two simultaneous presses, one changes the row. */
    acknowledge(id: number, user: string, now: number): boolean {
      return acknowledge.run({ id, user, now }).changes === 1;
    },
    unacknowledge(id: number, now: number, nextRepeatAt: number | null): boolean {
      return unacknowledge.run({ id, now, nextRepeatAt }).changes === 1;
    },
    resolve(id: number, user: string, note: string | null, now: number): boolean {
      return resolve.run({ id, user, note, now }).changes === 1;
    },
    recordPosted(id: number, ts: string): void {
      posted.run(ts, id);
    },
    /** Claims one (escalation, round, level): false when it was fired already. */
    claimLevel(id: number, round: number, level: number, audience: string, now: number): boolean {
      return claim.run(id, round, level, audience, now).changes === 1;
    },
    advance(id: number, round: number, level: number, nextRepeatAt: number | null, now: number): void {
      advance.run({ id, round, level, nextRepeatAt, now });
    },
    recordLevelPosted(id: number, round: number, level: number, ts: string): void {
      levelPosted.run(ts, id, round, level);
    },
    notifications(id: number): EscalationNotification[] {
      return notifications.all(id) as EscalationNotification[];
    },
  };
}

export type EscalationsRepo = ReturnType<typeof createEscalationsRepo>;
