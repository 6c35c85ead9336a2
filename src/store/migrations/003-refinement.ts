export const m003Refinement = {
  version: 3,
  sql: `
CREATE TABLE refinements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_key TEXT NOT NULL,
  issue_ref TEXT NOT NULL,
  project TEXT NOT NULL,
  iid INTEGER NOT NULL,
  issue_url TEXT NOT NULL,
  title TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  state TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  started_by TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  saved_by TEXT,
  saved_at INTEGER,
  finished_by TEXT,
  finished_by_name TEXT,
  finished_at INTEGER,
  applied_at INTEGER,
  steps_json TEXT NOT NULL DEFAULT '{}',
  failed_step TEXT,
  last_error TEXT,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX refinements_one_draft ON refinements (issue_key) WHERE state = 'draft';
CREATE INDEX refinements_issue ON refinements (issue_key, id);
CREATE INDEX refinements_finished ON refinements (finished_at);
`,
};
