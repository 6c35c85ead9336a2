import type { DecisionKind, DecisionStep } from '../domain/decision.js';
import { booleanColumn, jsonColumn, nullableJsonColumn, recordTable, storedError } from './columns.js';
import type { Db } from './db.js';

export type DecisionStatus = 'pending' | 'applied' | 'failed';

/** What applying a decision found and did, for the messages that close the loop. */
export interface DecisionResult {
  issueRef: string;
  issueUrl: string;
  title: string;
  groupLabel: string | null;
  owners: string[];
  addedLabels: string[];
  removedLabels: string[];
  communitySkipped: boolean;
  /** Take on of an issue that already carried the team label: nothing was changed. */
  alreadyTaken?: boolean;
}

export interface DecisionRecord {
  id: number;
  sourceKey: string;
  kind: DecisionKind;
  project: string;
  iid: number;
  issueKey: string;
  actorId: string;
  reason: string | null;
  metric: string | null;
  seekCommunity: boolean;
  status: DecisionStatus;
  steps: Partial<Record<DecisionStep, number>>;
  result: DecisionResult | null;
  failedStep: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

const decisionTable = recordTable<DecisionRecord>({
  id: 'id',
  sourceKey: 'source_key',
  kind: 'kind',
  project: 'project',
  iid: 'iid',
  issueKey: 'issue_key',
  actorId: 'actor_id',
  reason: 'reason',
  metric: 'metric',
  seekCommunity: booleanColumn('seek_community'),
  status: 'status',
  steps: jsonColumn('steps_json'),
  result: nullableJsonColumn('result_json'),
  failedStep: 'failed_step',
  lastError: 'last_error',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

export type NewDecision = Pick<
  DecisionRecord,
  'sourceKey' | 'kind' | 'project' | 'iid' | 'issueKey' | 'actorId' | 'reason' | 'metric' | 'seekCommunity'
>;

/** Triage decisions, kept until GitLab has them, with the steps already applied. */
export function createDecisionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO decisions (source_key, kind, project, iid, issue_key, actor_id, reason, metric, seek_community,
       status, created_at, updated_at)
     VALUES (@sourceKey, @kind, @project, @iid, @issueKey, @actorId, @reason, @metric, @seek, 'pending', @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${decisionTable.select} FROM decisions WHERE id = ?`);
  const bySource = db.prepare(`SELECT ${decisionTable.select} FROM decisions WHERE source_key = ?`);
  const pending = db.prepare(
    `SELECT ${decisionTable.select} FROM decisions WHERE issue_key = ? AND status = 'pending' ORDER BY id LIMIT 1`,
  );
  const steps = db.prepare('UPDATE decisions SET steps_json = ?, updated_at = ? WHERE id = ?');
  const result = db.prepare('UPDATE decisions SET result_json = ?, updated_at = ? WHERE id = ?');
  const applied = db.prepare(
    `UPDATE decisions SET status = 'applied', last_error = NULL, failed_step = NULL, updated_at = ? WHERE id = ?`,
  );
  const failed = db.prepare(
    `UPDATE decisions SET status = 'failed', failed_step = ?, last_error = ?, updated_at = ? WHERE id = ?`,
  );
  const error = db.prepare('UPDATE decisions SET last_error = ?, updated_at = ? WHERE id = ?');
  const get = (id: number) => decisionTable.read(byId.get(id));

  return {
    insert(d: NewDecision, now: number): { record: DecisionRecord; created: boolean } {
      const info = insert.run({ ...d, seek: d.seekCommunity ? 1 : 0, now });
      return { record: decisionTable.toRecord(bySource.get(d.sourceKey)), created: info.changes === 1 };
    },
    get,
    /** A decision on this issue still on its way to GitLab, if any. */
    pendingFor(issueKey: string): DecisionRecord | undefined {
      return decisionTable.read(pending.get(issueKey));
    },
    markStep(id: number, step: DecisionStep, now: number): void {
      const d = get(id);
      if (d) steps.run(JSON.stringify({ ...d.steps, [step]: now }), now, id);
    },
    setResult(id: number, r: DecisionResult, now: number): void {
      result.run(JSON.stringify(r), now, id);
    },
    markApplied(id: number, now: number): void {
      applied.run(now, id);
    },
    markFailed(id: number, step: string, message: string, now: number): void {
      failed.run(step, storedError(message), now, id);
    },
    noteError(id: number, message: string, now: number): void {
      error.run(storedError(message), now, id);
    },
  };
}

export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
