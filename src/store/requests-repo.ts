import type { RequestFields, RequestKind } from '../domain/request.js';
import { requestRef } from '../domain/request-ref.js';
import type { Db } from './db.js';

export type RequestStatus = 'saved' | 'filed' | 'retrying' | 'failed';

export interface RequestRecord {
  id: number;
  ref: string;
  sourceKey: string;
  kind: RequestKind;
  title: string;
  fields: RequestFields;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  status: RequestStatus;
  project: string;
  marker: string;
  issueIid: number | null;
  issueUrl: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  filedAt: number | null;
}

interface Row {
  id: number;
  source_key: string;
  kind: RequestKind;
  title: string;
  fields_json: string;
  requester_id: string;
  team_id: string | null;
  channel_id: string | null;
  status: RequestStatus;
  project: string;
  marker: string;
  issue_iid: number | null;
  issue_url: string | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  filed_at: number | null;
}

function toRecord(r: Row): RequestRecord {
  return {
    id: r.id,
    ref: requestRef(r.id),
    sourceKey: r.source_key,
    kind: r.kind,
    title: r.title,
    fields: JSON.parse(r.fields_json) as RequestFields,
    requesterId: r.requester_id,
    teamId: r.team_id,
    channelId: r.channel_id,
    status: r.status,
    project: r.project,
    marker: r.marker,
    issueIid: r.issue_iid,
    issueUrl: r.issue_url,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    filedAt: r.filed_at,
  };
}

export interface NewRequest {
  sourceKey: string;
  fields: RequestFields;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  project: string;
  marker: string;
}

export function createRequestsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO requests (source_key, kind, title, fields_json, requester_id, team_id, channel_id, status, project, marker, created_at, updated_at)
     VALUES (@sourceKey, @kind, @title, @fields, @requesterId, @teamId, @channelId, 'saved', @project, @marker, @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const byId = db.prepare('SELECT * FROM requests WHERE id = ?');
  const bySource = db.prepare('SELECT * FROM requests WHERE source_key = ?');
  const byRequester = db.prepare('SELECT * FROM requests WHERE requester_id = ? ORDER BY id DESC LIMIT ?');
  const byIssue = db.prepare('SELECT * FROM requests WHERE project = ? AND issue_iid = ?');
  const markAttempt = db.prepare('UPDATE requests SET attempts = attempts + 1, updated_at = ? WHERE id = ?');
  const markFiled = db.prepare(
    `UPDATE requests SET status = 'filed', issue_iid = ?, issue_url = ?, filed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`,
  );
  const markProblem = db.prepare(
    'UPDATE requests SET status = ?, last_error = ?, updated_at = ? WHERE id = ?',
  );
  const since = db.prepare('SELECT * FROM requests WHERE created_at >= ? ORDER BY id');

  return {
    /** Inserts the request; a second insert with the same source key returns the first row and created=false. */
    insert(req: NewRequest, now: number): { record: RequestRecord; created: boolean } {
      const info = insert.run({
        sourceKey: req.sourceKey,
        kind: req.fields.kind,
        title: req.fields.title,
        fields: JSON.stringify(req.fields),
        requesterId: req.requesterId,
        teamId: req.teamId,
        channelId: req.channelId,
        project: req.project,
        marker: req.marker,
        now,
      });
      const row = bySource.get(req.sourceKey) as Row;
      return { record: toRecord(row), created: info.changes === 1 };
    },
    get(id: number): RequestRecord | undefined {
      const row = byId.get(id) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    listByRequester(userId: string, limit = 20): RequestRecord[] {
      return (byRequester.all(userId, limit) as Row[]).map(toRecord);
    },
    findByIssue(project: string, iid: number): RequestRecord | undefined {
      const row = byIssue.get(project, iid) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    createdSince(at: number): RequestRecord[] {
      return (since.all(at) as Row[]).map(toRecord);
    },
    recordAttempt(id: number, now: number): void {
      markAttempt.run(now, id);
    },
    markFiled(id: number, iid: number, url: string, now: number): void {
      markFiled.run(iid, url, now, now, id);
    },
    markProblem(id: number, status: 'retrying' | 'failed', error: string, now: number): void {
      markProblem.run(status, error.slice(0, 500), now, id);
    },
  };
}

export type RequestsRepo = ReturnType<typeof createRequestsRepo>;
