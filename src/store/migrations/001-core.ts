export const m001Core = {
  version: 1,
  sql: `
CREATE TABLE requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  team_id TEXT,
  channel_id TEXT,
  status TEXT NOT NULL,
  project TEXT NOT NULL,
  marker TEXT NOT NULL,
  issue_iid INTEGER,
  issue_url TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  filed_at INTEGER
);
CREATE INDEX requests_requester ON requests (requester_id, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE deliveries (
  key TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
CREATE INDEX deliveries_seen ON deliveries (seen_at);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  issue_ref TEXT,
  reason TEXT,
  outcome TEXT NOT NULL,
  details_json TEXT
);
CREATE INDEX audit_issue ON audit (issue_ref, id);
`,
};
