import type { Db } from './db.js';

/** A Slack user's GitLab account; the tokens stay encrypted (the repository never sees them in clear). */
export interface LinkRecord {
  slackUserId: string;
  teamId: string;
  gitlabUserId: number;
  username: string;
  accessTokenEnc: string;
  refreshTokenEnc: string;
  expiresAt: number;
  linkedAt: number;
  updatedAt: number;
}

export interface StateRecord {
  slackUserId: string;
  teamId: string;
  verifierEnc: string;
  createdAt: number;
  expiresAt: number;
}

interface LinkRow {
  slack_user_id: string;
  team_id: string;
  gitlab_user_id: number;
  username: string;
  access_token_enc: string;
  refresh_token_enc: string;
  expires_at: number;
  linked_at: number;
  updated_at: number;
}

interface StateRow {
  slack_user_id: string;
  team_id: string;
  verifier_enc: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

const toLink = (r: LinkRow): LinkRecord => ({
  slackUserId: r.slack_user_id,
  teamId: r.team_id,
  gitlabUserId: r.gitlab_user_id,
  username: r.username,
  accessTokenEnc: r.access_token_enc,
  refreshTokenEnc: r.refresh_token_enc,
  expiresAt: r.expires_at,
  linkedAt: r.linked_at,
  updatedAt: r.updated_at,
});

/** Links between Slack users and GitLab accounts, and the pending OAuth states of `/prodsec connect`. */
export function createIdentityRepo(db: Db) {
  const insertState = db.prepare(
    `INSERT INTO oauth_states (state_hash, slack_user_id, team_id, verifier_enc, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // One statement marks the state used and returns it, so two callbacks with the same state
  // cannot both get it.
  const useState = db.prepare(
    `UPDATE oauth_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL RETURNING *`,
  );
  const pruneStates = db.prepare('DELETE FROM oauth_states WHERE expires_at < ?');
  const upsertLink = db.prepare(
    `INSERT INTO identity_links (slack_user_id, team_id, gitlab_user_id, username, access_token_enc,
       refresh_token_enc, expires_at, linked_at, updated_at)
     VALUES (@slackUserId, @teamId, @gitlabUserId, @username, @accessTokenEnc, @refreshTokenEnc,
       @expiresAt, @linkedAt, @updatedAt)
     ON CONFLICT (slack_user_id) DO UPDATE SET team_id = excluded.team_id,
       gitlab_user_id = excluded.gitlab_user_id, username = excluded.username,
       access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc,
       expires_at = excluded.expires_at, linked_at = excluded.linked_at, updated_at = excluded.updated_at`,
  );
  const oneLink = db.prepare('SELECT * FROM identity_links WHERE slack_user_id = ?');
  const countLinks = db.prepare('SELECT COUNT(*) AS n FROM identity_links');
  // Both tokens in one statement: GitLab has already invalidated the old pair.
  const setTokens = db.prepare(
    `UPDATE identity_links SET access_token_enc = ?, refresh_token_enc = ?, expires_at = ?, updated_at = ?
     WHERE slack_user_id = ? AND linked_at = ?`,
  );
  const dropLink = db.prepare('DELETE FROM identity_links WHERE slack_user_id = ?');
  const dropLinkOf = db.prepare('DELETE FROM identity_links WHERE slack_user_id = ? AND linked_at = ?');
  const getMeta = db.prepare('SELECT value FROM identity_meta WHERE key = ?');
  const setMeta = db.prepare(
    'INSERT INTO identity_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    saveState(stateHash: string, s: StateRecord): void {
      pruneStates.run(s.createdAt - 24 * 3600_000);
      insertState.run(stateHash, s.slackUserId, s.teamId, s.verifierEnc, s.createdAt, s.expiresAt);
    },
    /** Marks the state used and returns it; undefined when unknown or already used (expiry is the caller's). */
    takeState(stateHash: string, now: number): StateRecord | undefined {
      const r = useState.get(now, stateHash) as StateRow | undefined;
      return r
        ? {
            slackUserId: r.slack_user_id,
            teamId: r.team_id,
            verifierEnc: r.verifier_enc,
            createdAt: r.created_at,
            expiresAt: r.expires_at,
          }
        : undefined;
    },
    saveLink(l: LinkRecord): void {
      upsertLink.run(l);
    },
    getLink(slackUserId: string): LinkRecord | undefined {
      const r = oneLink.get(slackUserId) as LinkRow | undefined;
      return r ? toLink(r) : undefined;
    },
    countLinks(): number {
      return (countLinks.get() as { n: number }).n;
    },
    /** Stores a refreshed pair, unless the link was replaced or removed meanwhile. */
    updateTokens(
      slackUserId: string,
      linkedAt: number,
      t: { accessTokenEnc: string; refreshTokenEnc: string; expiresAt: number },
      now: number,
    ): boolean {
      return (
        setTokens.run(t.accessTokenEnc, t.refreshTokenEnc, t.expiresAt, now, slackUserId, linkedAt)
          .changes === 1
      );
    },
    removeLink(slackUserId: string, linkedAt?: number): boolean {
      const info = linkedAt === undefined ? dropLink.run(slackUserId) : dropLinkOf.run(slackUserId, linkedAt);
      return info.changes === 1;
    },
    getMeta(key: string): string | undefined {
      return (getMeta.get(key) as { value: string } | undefined)?.value;
    },
    setMeta(key: string, value: string): void {
      setMeta.run(key, value);
    },
  };
}

export type IdentityRepo = ReturnType<typeof createIdentityRepo>;
