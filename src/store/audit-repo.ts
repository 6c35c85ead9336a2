import type { AuditOutcome } from '../domain/audit.js';
import { canonicalIssueRef } from '../domain/issue-ref.js';
import { nullableJsonColumn, recordTable } from './columns.js';
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

const auditTable = recordTable<AuditEntry>({
  id: 'id',
  at: 'at',
  actor: 'actor',
  action: 'action',
  issueRef: 'issue_ref',
  reason: 'reason',
  outcome: 'outcome',
  details: nullableJsonColumn('details_json'),
});

/** Who did what to which issue, when, why and with what outcome; decisions and denied attempts alike. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit (at, actor, action, issue_ref, reason, outcome, details_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byIssue = db.prepare(`SELECT ${auditTable.select} FROM audit WHERE lower(issue_ref) = ? ORDER BY id`);
  const since = db.prepare(`SELECT ${auditTable.select} FROM audit WHERE at >= ? ORDER BY id`);
  const all = db.prepare(`SELECT ${auditTable.select} FROM audit ORDER BY id`);
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
      return byIssue.all(canonicalIssueRef(issueRef)).map(auditTable.toRecord);
    },
    since(at: number): AuditEntry[] {
      return since.all(at).map(auditTable.toRecord);
    },
    all(): AuditEntry[] {
      return all.all().map(auditTable.toRecord);
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
