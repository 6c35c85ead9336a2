/**
 * Workflow Builder step runs: each `function_executed` of the custom step `file_prodsec_request`,
 * linked to the request (or support question) it saved, so the step is completed once that is
 * filed (or posted) and failed when filing gives up.
 */
export const m011WorkflowSteps = {
  version: 11,
  sql: `
CREATE TABLE workflow_step_runs (
  execution_id TEXT PRIMARY KEY,
  request_id INTEGER REFERENCES requests (id),
  question_id INTEGER REFERENCES support_questions (id),
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX workflow_step_runs_request ON workflow_step_runs (request_id);
CREATE INDEX workflow_step_runs_question ON workflow_step_runs (question_id);
`,
};
