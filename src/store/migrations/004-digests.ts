export const m004Digests = {
  version: 4,
  sql: `
CREATE TABLE digest_subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id TEXT NOT NULL UNIQUE,
  schedule TEXT NOT NULL,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  milestone TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_digest_at INTEGER
);

CREATE TABLE digest_slots (
  subscription_id INTEGER NOT NULL,
  slot_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, slot_at)
);

CREATE TABLE reminder_sends (
  key TEXT PRIMARY KEY,
  sent_at INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE job_cursors (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
};
