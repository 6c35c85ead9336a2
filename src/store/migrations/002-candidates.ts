export const m002Candidates = {
  version: 2,
  sql: `
CREATE TABLE flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_key TEXT NOT NULL UNIQUE,
  source_key TEXT NOT NULL UNIQUE,
  channel_id TEXT NOT NULL,
  message_ts TEXT NOT NULL,
  thread_ts TEXT NOT NULL,
  permalink TEXT,
  flagger_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  project TEXT NOT NULL,
  iid INTEGER,
  issue_key TEXT,
  issue_url TEXT,
  marker TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX flags_issue ON flags (issue_key);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  project TEXT NOT NULL,
  iid INTEGER NOT NULL,
  issue_key TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  reason TEXT,
  metric TEXT,
  seek_community INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  steps_json TEXT NOT NULL DEFAULT '{}',
  result_json TEXT,
  failed_step TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX decisions_issue ON decisions (issue_key, status);

CREATE TABLE group_owners (
  group_label TEXT PRIMARY KEY,
  owners_json TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
};
