export const m008Webhooks = {
  version: 8,
  sql: `
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key TEXT NOT NULL UNIQUE,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  processed_at INTEGER
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);

CREATE TABLE issue_seen (
  issue_key TEXT PRIMARY KEY,
  updated_at_sec INTEGER NOT NULL,
  state TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  source TEXT NOT NULL,
  seen_at INTEGER NOT NULL
);

CREATE TABLE issue_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  change_key TEXT NOT NULL UNIQUE,
  issue_key TEXT NOT NULL,
  issue_ref TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  source TEXT NOT NULL,
  at INTEGER NOT NULL,
  details_json TEXT
);
CREATE INDEX issue_changes_at ON issue_changes (at);
CREATE INDEX issue_changes_issue ON issue_changes (issue_key, id);

CREATE TABLE issue_change_notices (
  change_id INTEGER NOT NULL REFERENCES issue_changes (id),
  user_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (change_id, user_id)
);

CREATE TABLE posted_messages (
  key TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  ts TEXT NOT NULL,
  posted_at INTEGER NOT NULL
);
`,
};
