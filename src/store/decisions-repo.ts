import type { DecisionKind, DecisionStep } from '../domain/decision.js';
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

interface Row {
  id: number;
  source_key: string;
  kind: DecisionKind;
  project: string;
  iid: number;
  issue_key: string;
  actor_id: string;
  reason: string | null;
  metric: string | null;
  seek_community: number;
  status: DecisionStatus;
  steps_json: string;
  result_json: string | null;
  failed_step: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: Row): DecisionRecord => ({
  id: r.id,
  sourceKey: r.source_key,
  kind: r.kind,
  project: r.project,
  iid: r.iid,
  issueKey: r.issue_key,
  actorId: r.actor_id,
  reason: r.reason,
  metric: r.metric,
  seekCommunity: r.seek_community === 1,
  status: r.status,
  steps: JSON.parse(r.steps_json) as Partial<Record<DecisionStep, number>>,
  result: r.result_json ? (JSON.parse(r.result_json) as DecisionResult) : null,
  failedStep: r.failed_step,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface NewDecision {
  sourceKey: string;
  kind: DecisionKind;
  project: string;
  iid: number;
  issueKey: string;
  actorId: string;
  reason: string | null;
  metric: string | null;
  seekCommunity: boolean;
}

/** Triage decisions, kept until GitLab has them, with the steps already applied. */
export function createDecisionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO decisions (source_key, kind, project, iid, issue_key, actor_id, reason, metric, seek_community,
       status, created_at, updated_at)
     VALUES (@sourceKey, @kind, @project, @iid, @issueKey, @actorId, @reason, @metric, @seek, 'pending', @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const byId = db.prepare('SELECT * FROM decisions WHERE id = ?');
  const bySource = db.prepare('SELECT * FROM decisions WHERE source_key = ?');
  const pending = db.prepare(
    `SELECT * FROM decisions WHERE issue_key = ? AND status = 'pending' ORDER BY id LIMIT 1`,
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
  const get = (id: number) => {
    const row = byId.get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  };

  return {
    insert(d: NewDecision, now: number): { record: DecisionRecord; created: boolean } {
      const info = insert.run({ ...d, seek: d.seekCommunity ? 1 : 0, now });
      return { record: toRecord(bySource.get(d.sourceKey) as Row), created: info.changes === 1 };
    },
    get,
    /** A decision on this issue still on its way to GitLab, if any. */
    pendingFor(issueKey: string): DecisionRecord | undefined {
      const row = pending.get(issueKey) as Row | undefined;
      return row ? toRecord(row) : undefined;
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
      failed.run(step, message.slice(0, 500), now, id);
    },
    noteError(id: number, message: string, now: number): void {
      error.run(message.slice(0, 500), now, id);
    },
  };
}

export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
