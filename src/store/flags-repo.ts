import type { FlagFields } from '../domain/candidate.js';
import { jsonColumn, recordTable, storedError } from './columns.js';
import type { Db } from './db.js';

/** `saved`: being filed or linked; `linked`: the message points at an issue; `failed`: gave up (may be flagged again). */
export type FlagStatus = 'saved' | 'linked' | 'failed';

export interface FlagRecord {
  id: number;
  messageKey: string;
  sourceKey: string;
  channelId: string;
  messageTs: string;
  threadTs: string;
  permalink: string | null;
  flaggerId: string;
  fields: FlagFields;
  project: string;
  iid: number | null;
  issueKey: string | null;
  issueUrl: string | null;
  marker: string;
  status: FlagStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

const flagTable = recordTable<FlagRecord>({
  id: 'id',
  messageKey: 'message_key',
  sourceKey: 'source_key',
  channelId: 'channel_id',
  messageTs: 'message_ts',
  threadTs: 'thread_ts',
  permalink: 'permalink',
  flaggerId: 'flagger_id',
  fields: jsonColumn('fields_json'),
  project: 'project',
  iid: 'iid',
  issueKey: 'issue_key',
  issueUrl: 'issue_url',
  marker: 'marker',
  status: 'status',
  attempts: 'attempts',
  lastError: 'last_error',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

export type NewFlag = Pick<
  FlagRecord,
  | 'sourceKey'
  | 'channelId'
  | 'messageTs'
  | 'threadTs'
  | 'permalink'
  | 'flaggerId'
  | 'fields'
  | 'project'
  | 'iid'
  | 'issueKey'
  | 'marker'
>;

export function messageKeyOf(channelId: string, messageTs: string): string {
  return `${channelId}:${messageTs}`;
}

/** Flagged Slack messages and the issue each one went to: one live flag per message. */
export function createFlagsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO flags (message_key, source_key, channel_id, message_ts, thread_ts, permalink, flagger_id, mode,
       fields_json, project, iid, issue_key, marker, status, created_at, updated_at)
     VALUES (@messageKey, @sourceKey, @channelId, @messageTs, @threadTs, @permalink, @flaggerId, @mode,
       @fields, @project, @iid, @issueKey, @marker, 'saved', @now, @now)`,
  );
  const byId = db.prepare(`SELECT ${flagTable.select} FROM flags WHERE id = ?`);
  const byMessage = db.prepare(`SELECT ${flagTable.select} FROM flags WHERE message_key = ?`);
  const bySource = db.prepare(`SELECT ${flagTable.select} FROM flags WHERE source_key = ?`);
  const byIssue = db.prepare(
    `SELECT ${flagTable.select} FROM flags WHERE issue_key = ? AND status = 'linked' ORDER BY id`,
  );
  const drop = db.prepare('DELETE FROM flags WHERE id = ?');
  const attempt = db.prepare('UPDATE flags SET attempts = attempts + 1, updated_at = ? WHERE id = ?');
  const permalink = db.prepare('UPDATE flags SET permalink = ?, updated_at = ? WHERE id = ?');
  const linked = db.prepare(
    `UPDATE flags SET status = 'linked', iid = ?, issue_key = ?, issue_url = ?, last_error = NULL, updated_at = ?
     WHERE id = ?`,
  );
  const problem = db.prepare('UPDATE flags SET status = ?, last_error = ?, updated_at = ? WHERE id = ?');

  return {
    /**
     * Saves a flag unless the message already has a live one (returned with created=false).
     * A failed flag is replaced: the message may be flagged again. Call inside a write transaction.
     */
    insert(f: NewFlag, now: number): { record: FlagRecord; created: boolean } {
      const key = messageKeyOf(f.channelId, f.messageTs);
      const same = flagTable.read(bySource.get(f.sourceKey));
      if (same) return { record: same, created: false };
      const existing = flagTable.read(byMessage.get(key));
      if (existing && existing.status !== 'failed') return { record: existing, created: false };
      if (existing) drop.run(existing.id);
      const info = insert.run({
        ...f,
        messageKey: key,
        mode: f.fields.mode,
        fields: JSON.stringify(f.fields),
        now,
      });
      return { record: flagTable.toRecord(byId.get(info.lastInsertRowid)), created: true };
    },
    get(id: number): FlagRecord | undefined {
      return flagTable.read(byId.get(id));
    },
    forMessage(channelId: string, messageTs: string): FlagRecord | undefined {
      return flagTable.read(byMessage.get(messageKeyOf(channelId, messageTs)));
    },
    /** Linked flags of one issue (by `issueKeyOf`), oldest first. */
    forIssue(issueKey: string): FlagRecord[] {
      return byIssue.all(issueKey).map(flagTable.toRecord);
    },
    recordAttempt(id: number, now: number): void {
      attempt.run(now, id);
    },
    setPermalink(id: number, url: string, now: number): void {
      permalink.run(url, now, id);
    },
    markLinked(id: number, issue: { iid: number; issueKey: string; url: string }, now: number): void {
      linked.run(issue.iid, issue.issueKey, issue.url, now, id);
    },
    markProblem(id: number, status: 'saved' | 'failed', error: string, now: number): void {
      problem.run(status, storedError(error), now, id);
    },
  };
}

export type FlagsRepo = ReturnType<typeof createFlagsRepo>;
