/** What became of an audited attempt. A fixed list, so readers filter on it instead of matching text. */
export const AUDIT_OUTCOMES = [
  /** Recorded and handed to the outbox (a decision, a finished refinement). */
  'queued',
  /** Written to GitLab. */
  'applied',
  /** Nothing to write: GitLab already had it. */
  'unchanged',
  /** Done at once (owners, escalations). */
  'ok',
  /** Asked to change something that was not there. */
  'not_found',
  /** Refused by the access rules. */
  'denied',
  /** Gave up (GitLab refused a step). */
  'failed',
  /** Someone else changed it first. */
  'conflict',
] as const;

export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Refused, failed or lost attempts: what must not count as something the team did. */
const UNSUCCESSFUL: ReadonlySet<AuditOutcome> = new Set(['denied', 'failed', 'conflict']);

export function isSuccessfulOutcome(outcome: AuditOutcome): boolean {
  return !UNSUCCESSFUL.has(outcome);
}
