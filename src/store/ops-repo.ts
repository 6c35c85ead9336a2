import type { Db } from './db.js';

/** What a restore reports, and what an operator checks after one. */
export interface DatabaseCounts {
  requests: number;
  openEscalations: number;
  pendingOutboxJobs: number;
}

/** Rows whose free text the retention job blanked in one run, by table. */
export interface RetentionCounts {
  requests: number;
  flags: number;
  escalations: number;
  outbox: number;
}

/** Shown where a request's title was: the column is NOT NULL and Slack refuses empty text. */
export const REMOVED_TITLE = '[removed after the retention period]';

/** JSON fields that are the audit skeleton (what kind, which mode, which issue), not copied free text. */
const SKELETON_FIELDS = new Set(['kind', 'mode', 'ref', 'confidential', 'project', 'iid']);

/** Blanks every string (and list, such as links) of a fields object except the skeleton's. */
export function blankFields(json: string): string {
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch {
    return '{}';
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return '{}';
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (SKELETON_FIELDS.has(key)) out[key] = value;
    // A typed request keeps its field values under `values` (store/requests-repo.ts): blank them all.
    else if (key === 'values' && value !== null && typeof value === 'object' && !Array.isArray(value))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? '' : Array.isArray(v) ? [] : null]),
      );
    else if (typeof value === 'string') out[key] = '';
    else if (Array.isArray(value)) out[key] = [];
    else out[key] = value;
  }
  return JSON.stringify(out);
}

/**
 * Operational state (the backup minute, whether a backup failure was alerted), the counts a
 * restore prints, and the retention sweep over the tables that hold text copied from Slack.
 */
export function createOpsRepo(db: Db) {
  const getState = db.prepare('SELECT value FROM ops_state WHERE key = ?');
  const setState = db.prepare(
    `INSERT INTO ops_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const insertState = db.prepare(
    'INSERT INTO ops_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const deleteState = db.prepare('DELETE FROM ops_state WHERE key = ?');

  const closedRequests = db.prepare(
    `SELECT id, fields_json FROM requests WHERE redacted_at IS NULL AND status IN ('filed', 'failed')
       AND coalesce(filed_at, updated_at) < ?`,
  );
  const redactRequest = db.prepare(
    'UPDATE requests SET title = ?, fields_json = ?, last_error = NULL, redacted_at = ? WHERE id = ?',
  );
  const closedFlags = db.prepare(
    `SELECT id, fields_json FROM flags WHERE redacted_at IS NULL AND status IN ('linked', 'failed')
       AND updated_at < ?`,
  );
  const redactFlag = db.prepare(
    'UPDATE flags SET fields_json = ?, last_error = NULL, redacted_at = ? WHERE id = ?',
  );
  const redactEscalations = db.prepare(
    `UPDATE escalations SET explanation = '', resolution_note = NULL, redacted_at = ?
     WHERE redacted_at IS NULL AND state = 'resolved' AND resolved_at < ?`,
  );
  // Finished side effects carried the same text in their payloads (a filed request's fields, a
  // posted message). The row stays, so its dedupe key still stops the effect being queued again.
  const redactOutbox = db.prepare(
    `UPDATE outbox SET payload = '{}', last_error = NULL, redacted_at = ?
     WHERE redacted_at IS NULL AND status IN ('done', 'dead') AND updated_at < ?`,
  );

  const releaseLeases = db.prepare(
    `UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = min(next_attempt_at, ?), updated_at = ?
     WHERE status = 'running'`,
  );

  return {
    /**
     * Frees jobs a backup caught mid-attempt: their worker is gone, so they are due now instead
     * of when the lease would have run out. Only safe while holding the database lock.
     */
    releaseLeases(now: number): number {
      return releaseLeases.run(now, now).changes;
    },
    state(key: string): string | undefined {
      return (getState.get(key) as { value: string } | undefined)?.value;
    },
    setState(key: string, value: string, now: number): void {
      setState.run(key, value, now);
    },
    /** Stores value unless the key is set; returns the stored value either way. */
    stateOnce(key: string, value: string, now: number): string {
      insertState.run(key, value, now);
      return (getState.get(key) as { value: string }).value;
    },
    clearState(key: string): void {
      deleteState.run(key);
    },
    counts(): DatabaseCounts {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return {
        requests: n('SELECT count(*) AS n FROM requests'),
        openEscalations: n(`SELECT count(*) AS n FROM escalations WHERE state IN ('open', 'acknowledged')`),
        pendingOutboxJobs: n(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'running')`),
      };
    },
    /** Blanks free text of everything closed before `cutoff`; call inside a write transaction. */
    redactClosedBefore(cutoff: number, now: number): RetentionCounts {
      let requests = 0;
      for (const r of closedRequests.all(cutoff) as Array<{ id: number; fields_json: string }>) {
        requests += redactRequest.run(REMOVED_TITLE, blankFields(r.fields_json), now, r.id).changes;
      }
      let flags = 0;
      for (const r of closedFlags.all(cutoff) as Array<{ id: number; fields_json: string }>) {
        flags += redactFlag.run(blankFields(r.fields_json), now, r.id).changes;
      }
      return {
        requests,
        flags,
        escalations: redactEscalations.run(now, cutoff).changes,
        outbox: redactOutbox.run(now, cutoff).changes,
      };
    },
  };
}

export type OpsRepo = ReturnType<typeof createOpsRepo>;
