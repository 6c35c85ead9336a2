/**
 * Request types: which type a request is (null for requests filed before types, by `kind`), its
 * announcement and who claimed it, and support questions, which are tracked here and not filed.
 */
export const m009RequestTypes = {
  version: 9,
  sql: `
ALTER TABLE requests ADD COLUMN type_id TEXT;

CREATE TABLE request_announcements (
  request_id INTEGER PRIMARY KEY REFERENCES requests (id),
  type_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  message_ts TEXT,
  claimed_by TEXT,
  claimed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE support_questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key TEXT NOT NULL UNIQUE,
  asker_id TEXT NOT NULL,
  team_id TEXT,
  question TEXT NOT NULL,
  context TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  message_ts TEXT,
  permalink TEXT,
  state TEXT NOT NULL,
  answered_by TEXT,
  answered_at INTEGER,
  answer_url TEXT,
  converted_by TEXT,
  converted_at INTEGER,
  converted_request_ref TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX support_questions_open ON support_questions (state, created_at);
`,
};
