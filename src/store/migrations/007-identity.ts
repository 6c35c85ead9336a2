export const m007Identity = {
  version: 7,
  sql: `
CREATE TABLE identity_links (
  slack_user_id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL,
  gitlab_user_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  access_token_enc TEXT NOT NULL,
  refresh_token_enc TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  linked_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE oauth_states (
  state_hash TEXT PRIMARY KEY,
  slack_user_id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  verifier_enc TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

CREATE TABLE identity_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
