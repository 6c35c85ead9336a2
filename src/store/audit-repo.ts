import type { AuditOutcome } from '../domain/audit.js';
import type { Db } from './db.js';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  issueRef: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown> | null;
}

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  issue_ref: string | null;
  reason: string | null;
  outcome: string;
  details_json: string | null;
}

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  issueRef: r.issue_ref,
  reason: r.reason,
  outcome: r.outcome as AuditOutcome,
  details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
});

/** Who did what to which issue, when, why and with what outcome; decisions and denied attempts alike. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit (at, actor, action, issue_ref, reason, outcome, details_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byIssue = db.prepare('SELECT * FROM audit WHERE issue_ref = ? ORDER BY id');
  const since = db.prepare('SELECT * FROM audit WHERE at >= ? ORDER BY id');
  const all = db.prepare('SELECT * FROM audit ORDER BY id');
  return {
    record(e: Omit<AuditEntry, 'id'>): number {
      return Number(
        insert.run(
          e.at,
          e.actor,
          e.action,
          e.issueRef,
          e.reason,
          e.outcome,
          e.details ? JSON.stringify(e.details) : null,
        ).lastInsertRowid,
      );
    },
    forIssue(issueRef: string): AuditEntry[] {
      return (byIssue.all(issueRef) as Row[]).map(toEntry);
    },
    since(at: number): AuditEntry[] {
      return (since.all(at) as Row[]).map(toEntry);
    },
    all(): AuditEntry[] {
      return (all.all() as Row[]).map(toEntry);
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
