export const m006Ops = {
  version: 6,
  sql: `
CREATE TABLE ops_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

ALTER TABLE requests ADD COLUMN redacted_at INTEGER;
ALTER TABLE flags ADD COLUMN redacted_at INTEGER;
ALTER TABLE escalations ADD COLUMN redacted_at INTEGER;
ALTER TABLE outbox ADD COLUMN redacted_at INTEGER;
`,
};
