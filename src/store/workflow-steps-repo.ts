import { selectList } from './columns.js';
import type { Db } from './db.js';

/** `open` until the step is completed or failed in Slack; then it is never completed again. */
export type WorkflowStepState = 'open' | 'completed' | 'failed';

export interface WorkflowStepRun {
  executionId: string;
  requestId: number | null;
  questionId: number | null;
  state: WorkflowStepState;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = selectList<WorkflowStepRun>({
  executionId: 'execution_id',
  requestId: 'request_id',
  questionId: 'question_id',
  state: 'state',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** The runs of the Workflow Builder step, by their `function_execution_id`. */
export function createWorkflowStepsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO workflow_step_runs (execution_id, request_id, question_id, state, created_at, updated_at)
     VALUES (?, ?, ?, 'open', ?, ?) ON CONFLICT (execution_id) DO NOTHING`,
  );
  const get = db.prepare(`SELECT ${COLUMNS} FROM workflow_step_runs WHERE execution_id = ?`);
  const byRequest = db.prepare(`SELECT ${COLUMNS} FROM workflow_step_runs WHERE request_id = ?`);
  const byQuestion = db.prepare(`SELECT ${COLUMNS} FROM workflow_step_runs WHERE question_id = ?`);
  const finish = db.prepare(
    `UPDATE workflow_step_runs SET state = ?, updated_at = ? WHERE execution_id = ? AND state = 'open'`,
  );
  return {
    /** Records a run once: a redelivered execution keeps what the first one saved. */
    insert(
      run: { executionId: string; requestId?: number | null; questionId?: number | null },
      now: number,
    ): { run: WorkflowStepRun; created: boolean } {
      const created =
        insert.run(run.executionId, run.requestId ?? null, run.questionId ?? null, now, now).changes === 1;
      return { run: get.get(run.executionId) as WorkflowStepRun, created };
    },
    get(executionId: string): WorkflowStepRun | undefined {
      return get.get(executionId) as WorkflowStepRun | undefined;
    },
    forRequest(requestId: number): WorkflowStepRun[] {
      return byRequest.all(requestId) as WorkflowStepRun[];
    },
    forQuestion(questionId: number): WorkflowStepRun[] {
      return byQuestion.all(questionId) as WorkflowStepRun[];
    },
    /** Marks an open run completed or failed; false when it was already finished. */
    finish(executionId: string, state: Exclude<WorkflowStepState, 'open'>, now: number): boolean {
      return finish.run(state, now, executionId).changes === 1;
    },
  };
}

export type WorkflowStepsRepo = ReturnType<typeof createWorkflowStepsRepo>;
