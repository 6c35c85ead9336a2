import type { AuditOutcome } from '../domain/audit.js';
import { canonicalIssueRef } from '../domain/issue-ref.js';
import { selectList } from './columns.js';
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

/** A row as selected: the entry's fields, with details still JSON text. */
type Row = Omit<AuditEntry, 'details'> & { details: string | null };

const COLUMNS = selectList<Row>({
  id: 'id',
  at: 'at',
  actor: 'actor',
  action: 'action',
  issueRef: 'issue_ref',
  reason: 'reason',
  outcome: 'outcome',
  details: 'details_json',
});

const toEntry = (r: Row): AuditEntry => ({
  ...r,
  details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
});

/** Who did what to which issue, when, why and with what outcome; decisions and denied attempts alike. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit (at, actor, action, issue_ref, reason, outcome, details_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byIssue = db.prepare(`SELECT ${COLUMNS} FROM audit WHERE lower(issue_ref) = ? ORDER BY id`);
  const since = db.prepare(`SELECT ${COLUMNS} FROM audit WHERE at >= ? ORDER BY id`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM audit ORDER BY id`);
  return {
    record(e: Omit<AuditEntry, 'id'>): number {
      return Number(
        insert.run(
          e.at,
          e.actor,
          e.action,
          e.issueRef === null ? null : canonicalIssueRef(e.issueRef),
          e.reason,
          e.outcome,
          e.details ? JSON.stringify(e.details) : null,
        ).lastInsertRowid,
      );
    },
    forIssue(issueRef: string): AuditEntry[] {
      // Canonical on both sides; lower() also finds rows written before refs were normalised.
      return (byIssue.all(canonicalIssueRef(issueRef)) as Row[]).map(toEntry);
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
