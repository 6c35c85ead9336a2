import type { RequestFields, RequestKind } from '../domain/request.js';
import { requestRef } from '../domain/request-ref.js';
import type { FieldValue, TypedRequest } from '../domain/typed-request.js';
import { selectList, storedError } from './columns.js';
import type { Db } from './db.js';

export type RequestStatus = 'saved' | 'filed' | 'retrying' | 'failed';

export interface RequestRecord {
  id: number;
  ref: string;
  sourceKey: string;
  kind: RequestKind;
  title: string;
  fields: RequestFields;
  /** The request type (domain/request-types.ts); null for requests filed before types, by `kind`. */
  typeId: string | null;
  /** The typed values of a request of a type; null for requests filed before types. */
  typed: TypedRequest | null;
  /** The support question thread this request was converted from, linked from the issue. */
  supportThreadUrl: string | null;
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

/** A row as selected: the record's fields, with `fields` still JSON text. */
type Row = Omit<RequestRecord, 'ref' | 'fields' | 'typed' | 'supportThreadUrl'> & { fields: string };

const COLUMNS = selectList<Row>({
  id: 'id',
  sourceKey: 'source_key',
  kind: 'kind',
  title: 'title',
  fields: 'fields_json',
  typeId: 'type_id',
  requesterId: 'requester_id',
  teamId: 'team_id',
  channelId: 'channel_id',
  status: 'status',
  project: 'project',
  marker: 'marker',
  issueIid: 'issue_iid',
  issueUrl: 'issue_url',
  attempts: 'attempts',
  lastError: 'last_error',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  filedAt: 'filed_at',
});

/** What fields_json holds for a typed request: the skeleton, then the values (blanked by retention). */
interface TypedJson {
  kind: RequestKind;
  title: string;
  confidential: boolean;
  values: Record<string, FieldValue>;
  supportThreadUrl?: string | null;
}

const str = (v: FieldValue | undefined) => (typeof v === 'string' ? v : '');

/** A typed request seen through the fields of before types (status messages, retention, digests). */
function legacyView(t: TypedJson): RequestFields {
  const links = t.values.links;
  return {
    title: t.title,
    kind: t.kind,
    confidential: t.confidential,
    problem: str(t.values.problem),
    currentProcess: str(t.values.currentProcess),
    desiredOutcome: str(t.values.desiredOutcome),
    definitionOfDone: str(t.values.definitionOfDone),
    requestingTeam: str(t.values.requestingTeam),
    links: Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string') : [],
  };
}

function toRecord(r: Row): RequestRecord {
  const parsed = JSON.parse(r.fields) as RequestFields | TypedJson;
  if (r.typeId === null)
    return {
      ...r,
      ref: requestRef(r.id),
      fields: parsed as RequestFields,
      typed: null,
      supportThreadUrl: null,
    };
  const t = parsed as TypedJson;
  const values = t.values ?? {};
  return {
    ...r,
    ref: requestRef(r.id),
    fields: legacyView({ ...t, values }),
    typed: { typeId: r.typeId, title: r.title, confidential: t.confidential, values },
    supportThreadUrl:
      typeof t.supportThreadUrl === 'string' && t.supportThreadUrl ? t.supportThreadUrl : null,
  };
}

export type NewRequest = NewKindRequest | NewTypedRequest;

interface NewKindRequest {
  sourceKey: string;
  fields: RequestFields;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  project: string;
  marker: string;
}

/** A request of a type: `kind` says which board family it belongs to (internal, or product for any other target). */
export interface NewTypedRequest {
  sourceKey: string;
  typed: TypedRequest;
  kind: RequestKind;
  supportThreadUrl?: string | null;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  project: string;
  marker: string;
}

export function createRequestsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO requests (source_key, kind, title, fields_json, type_id, requester_id, team_id, channel_id, status, project, marker, created_at, updated_at)
     VALUES (@sourceKey, @kind, @title, @fields, @typeId, @requesterId, @teamId, @channelId, 'saved', @project, @marker, @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE id = ?`);
  const bySource = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE source_key = ?`);
  const byRequester = db.prepare(
    `SELECT ${COLUMNS} FROM requests WHERE requester_id = ? ORDER BY id DESC LIMIT ?`,
  );
  const byIssue = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE project = ? AND issue_iid = ?`);
  const markAttempt = db.prepare('UPDATE requests SET attempts = attempts + 1, updated_at = ? WHERE id = ?');
  const markFiled = db.prepare(
    `UPDATE requests SET status = 'filed', issue_iid = ?, issue_url = ?, filed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`,
  );
  const markProblem = db.prepare(
    'UPDATE requests SET status = ?, last_error = ?, updated_at = ? WHERE id = ?',
  );
  const since = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE created_at >= ? ORDER BY id`);
  const savedAfter = db.prepare("SELECT id FROM requests WHERE id > ? AND status = 'saved' ORDER BY id");
  const lastId = db.prepare('SELECT max(id) AS id FROM requests');

  return {
    /** Inserts the request; a second insert with the same source key returns the first row and created=false. */
    insert(req: NewRequest, now: number): { record: RequestRecord; created: boolean } {
      const shape =
        'typed' in req
          ? {
              kind: req.kind,
              title: req.typed.title,
              typeId: req.typed.typeId,
              fields: JSON.stringify({
                kind: req.kind,
                title: req.typed.title,
                confidential: req.typed.confidential,
                values: req.typed.values,
                ...(req.supportThreadUrl ? { supportThreadUrl: req.supportThreadUrl } : {}),
              } satisfies TypedJson),
            }
          : {
              kind: req.fields.kind,
              title: req.fields.title,
              typeId: null,
              fields: JSON.stringify(req.fields),
            };
      const info = insert.run({
        sourceKey: req.sourceKey,
        ...shape,
        requesterId: req.requesterId,
        teamId: req.teamId,
        channelId: req.channelId,
        project: req.project,
        marker: req.marker,
        now,
      });
      if (info.changes === 0) return { record: toRecord(bySource.get(req.sourceKey) as Row), created: false };
      // The row just written, as byId would read it back (a SELECT less on the submission's commit).
      const row: Row = {
        id: Number(info.lastInsertRowid),
        sourceKey: req.sourceKey,
        kind: shape.kind,
        title: shape.title,
        fields: shape.fields,
        typeId: shape.typeId,
        requesterId: req.requesterId,
        teamId: req.teamId,
        channelId: req.channelId,
        status: 'saved',
        project: req.project,
        marker: req.marker,
        issueIid: null,
        issueUrl: null,
        attempts: 0,
        lastError: null,
        createdAt: now,
        updatedAt: now,
        filedAt: null,
      };
      return { record: toRecord(row), created: true };
    },
    /**
     * Requests still waiting to be filed (status saved) with an id above `afterId`, and the highest
     * id there is: the next call passes it back, so each request is looked at about once.
     */
    savedSince(afterId: number): { ids: number[]; lastId: number } {
      const last = (lastId.get() as { id: number | null }).id ?? 0;
      const ids = (savedAfter.all(afterId) as Array<{ id: number }>).map((r) => r.id);
      return { ids, lastId: Math.max(last, afterId) };
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
      markProblem.run(status, storedError(error), now, id);
    },
  };
}

export type RequestsRepo = ReturnType<typeof createRequestsRepo>;
