export const m005Escalations = {
  version: 5,
  sql: `
CREATE TABLE escalations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key TEXT NOT NULL UNIQUE,
  link TEXT NOT NULL,
  explanation TEXT NOT NULL,
  escalator_id TEXT NOT NULL,
  request_ref TEXT,
  issue_project TEXT,
  issue_iid INTEGER,
  channel_id TEXT NOT NULL,
  message_ts TEXT,
  state TEXT NOT NULL,
  round INTEGER NOT NULL DEFAULT 0,
  level INTEGER NOT NULL DEFAULT 0,
  next_repeat_at INTEGER,
  clock_started_at INTEGER NOT NULL,
  acknowledged_by TEXT,
  acknowledged_at INTEGER,
  time_to_ack_ms INTEGER,
  resolved_by TEXT,
  resolved_at INTEGER,
  resolution_note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX escalations_due ON escalations (state, next_repeat_at);

CREATE TABLE escalation_notifications (
  escalation_id INTEGER NOT NULL REFERENCES escalations (id),
  round INTEGER NOT NULL,
  level INTEGER NOT NULL,
  audience TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  posted_ts TEXT,
  PRIMARY KEY (escalation_id, round, level)
);
`,
};
