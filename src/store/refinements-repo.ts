import type { ApplyStep, RefinementDraft } from '../domain/refinement.js';
import { jsonColumn, recordTable, storedError } from './columns.js';
import type { Db } from './db.js';

/** draft: being filled in; applying: finished, being written to GitLab; failed: GitLab refused a step. */
export type RefinementState = 'draft' | 'applying' | 'applied' | 'failed';

export interface RefinementRecord {
  id: number;
  issueRef: string;
  project: string;
  iid: number;
  issueUrl: string;
  title: string;
  /** The issue's labels when the checklist was last opened. */
  labels: string[];
  state: RefinementState;
  draft: RefinementDraft;
  startedBy: string;
  startedAt: number;
  savedBy: string | null;
  savedAt: number | null;
  finishedBy: string | null;
  finishedByName: string | null;
  finishedAt: number | null;
  appliedAt: number | null;
  /** When each apply step landed in GitLab. */
  steps: Partial<Record<ApplyStep, number>>;
  failedStep: ApplyStep | null;
  lastError: string | null;
}

export interface FinishedRefinement {
  issueRef: string;
  issueUrl: string;
  title: string;
  finishedBy: string;
  startedAt: number;
  finishedAt: number;
  minutes: number;
  state: RefinementState;
}

const refinementTable = recordTable<RefinementRecord>({
  id: 'id',
  issueRef: 'issue_ref',
  project: 'project',
  iid: 'iid',
  issueUrl: 'issue_url',
  title: 'title',
  labels: jsonColumn('labels_json'),
  state: 'state',
  draft: jsonColumn('fields_json'),
  startedBy: 'started_by',
  startedAt: 'started_at',
  savedBy: 'saved_by',
  savedAt: 'saved_at',
  finishedBy: 'finished_by',
  finishedByName: 'finished_by_name',
  finishedAt: 'finished_at',
  appliedAt: 'applied_at',
  steps: jsonColumn('steps_json'),
  failedStep: 'failed_step',
  lastError: 'last_error',
});

/** Issue refs compare case-insensitively: GitLab paths do. */
export const issueKey = (ref: string) => ref.toLowerCase();

export type NewRefinement = Pick<
  RefinementRecord,
  'issueRef' | 'project' | 'iid' | 'issueUrl' | 'title' | 'labels' | 'draft' | 'startedBy'
>;

/** Refinement checklists: drafts that survive restarts, and the record of each Finish and its apply. */
export function createRefinementsRepo(db: Db) {
  const byId = db.prepare(`SELECT ${refinementTable.select} FROM refinements WHERE id = ?`);
  const draftOf = db.prepare(
    `SELECT ${refinementTable.select} FROM refinements WHERE issue_key = ? AND state = 'draft'`,
  );
  const latestOf = db.prepare(
    `SELECT ${refinementTable.select} FROM refinements WHERE issue_key = ? ORDER BY id DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO refinements (issue_key, issue_ref, project, iid, issue_url, title, labels_json, state,
       fields_json, started_by, started_at, updated_at)
     VALUES (@key, @issueRef, @project, @iid, @issueUrl, @title, @labels, 'draft', @fields, @startedBy, @now, @now)`,
  );
  const seen = db.prepare(
    'UPDATE refinements SET issue_ref = ?, title = ?, labels_json = ?, issue_url = ?, updated_at = ? WHERE id = ?',
  );
  const restart = db.prepare(
    `UPDATE refinements SET started_by = ?, started_at = ?, updated_at = ? WHERE id = ? AND state = 'draft'`,
  );
  const reopen = db.prepare(
    `UPDATE refinements SET state = 'draft', steps_json = '{}', failed_step = NULL, last_error = NULL,
       finished_by = NULL, finished_by_name = NULL, finished_at = NULL, updated_at = ? WHERE id = ? AND state = 'failed'`,
  );
  const save = db.prepare(
    `UPDATE refinements SET fields_json = ?, saved_by = ?, saved_at = ?, updated_at = ? WHERE id = ? AND state = 'draft'`,
  );
  const finish = db.prepare(
    `UPDATE refinements SET state = 'applying', finished_by = ?, finished_by_name = ?, finished_at = ?, updated_at = ?
     WHERE id = ? AND state = 'draft'`,
  );
  const steps = db.prepare(
    'UPDATE refinements SET steps_json = ?, failed_step = NULL, updated_at = ? WHERE id = ?',
  );
  const failure = db.prepare(
    'UPDATE refinements SET state = ?, failed_step = ?, last_error = ?, updated_at = ? WHERE id = ?',
  );
  const applied = db.prepare(
    `UPDATE refinements SET state = 'applied', applied_at = ?, failed_step = NULL, last_error = NULL, updated_at = ?
     WHERE id = ?`,
  );
  const finishedSince = db.prepare(
    `SELECT ${refinementTable.select} FROM refinements WHERE finished_at IS NOT NULL AND finished_at >= ? ORDER BY finished_at, id`,
  );

  const get = (id: number) => refinementTable.read(byId.get(id));

  return {
    get,
    /** The checklist being filled in for this issue, if any (one at a time per issue). */
    findDraft(issueRef: string): RefinementRecord | undefined {
      return refinementTable.read(draftOf.get(issueKey(issueRef)));
    },
    latestFor(issueRef: string): RefinementRecord | undefined {
      return refinementTable.read(latestOf.get(issueKey(issueRef)));
    },
    start(n: NewRefinement, now: number): RefinementRecord {
      const info = insert.run({
        key: issueKey(n.issueRef),
        issueRef: n.issueRef,
        project: n.project,
        iid: n.iid,
        issueUrl: n.issueUrl,
        title: n.title,
        labels: JSON.stringify(n.labels),
        fields: JSON.stringify(n.draft),
        startedBy: n.startedBy,
        now,
      });
      return get(Number(info.lastInsertRowid)) as RefinementRecord;
    },
    /** Remembers what the issue looked like when the checklist was last opened. */
    recordSeen(
      id: number,
      issue: { ref: string; title: string; labels: string[]; webUrl: string },
      now: number,
    ) {
      seen.run(issue.ref, issue.title, JSON.stringify(issue.labels), issue.webUrl, now, id);
    },
    /** Starts the clock again (a draft nobody saved, left open past the timebox). */
    restartClock(id: number, by: string, now: number): void {
      restart.run(by, now, now, id);
    },
    /** A refinement GitLab refused becomes a draft again, its fields kept, to be finished anew. */
    reopenFailed(id: number, now: number): boolean {
      return reopen.run(now, id).changes === 1;
    },
    saveDraft(id: number, draft: RefinementDraft, by: string, now: number): boolean {
      return save.run(JSON.stringify(draft), by, now, now, id).changes === 1;
    },
    /** draft → applying; false when someone else finished it first. */
    markFinished(id: number, by: { id: string; name: string }, now: number): boolean {
      return finish.run(by.id, by.name.slice(0, 100), now, now, id).changes === 1;
    },
    markStepDone(id: number, step: ApplyStep, now: number): void {
      const r = get(id);
      if (!r) return;
      steps.run(JSON.stringify({ ...r.steps, [step]: now }), now, id);
    },
    markStepFailed(id: number, step: ApplyStep, error: string, permanent: boolean, now: number): void {
      failure.run(permanent ? 'failed' : 'applying', step, storedError(error), now, id);
    },
    markApplied(id: number, now: number): void {
      applied.run(now, now, id);
    },
    /** Refinements finished since `at`, with the time each took (for the digest). */
    listFinishedSince(at: number): FinishedRefinement[] {
      return finishedSince
        .all(at)
        .map(refinementTable.toRecord)
        .map((r) => ({
          issueRef: r.issueRef,
          issueUrl: r.issueUrl,
          title: r.title,
          finishedBy: r.finishedBy ?? '',
          startedAt: r.startedAt,
          finishedAt: r.finishedAt as number,
          minutes: Math.max(0, Math.round(((r.finishedAt as number) - r.startedAt) / 60_000)),
          state: r.state,
        }));
    },
  };
}

export type RefinementsRepo = ReturnType<typeof createRefinementsRepo>;
