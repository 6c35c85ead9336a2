import { formatDuration } from './escalation.js';

export type EscalationNoteEvent = 'escalated' | 'acknowledged' | 'resolved';

export interface EscalationNoteFacts {
  event: EscalationNoteEvent;
  ref: string;
  at: number;
  /** The round (0, then +1 per un-acknowledge): an event can recur in a later round. */
  round: number;
  timeToAckMs?: number | null;
}

/**
 * The GitLab note that records an escalation step on its issue.
 * NOTE: the issue may be public while the escalation channel is not, so the note names the
 * step, the escalation id and the times, never the explanation or who wrote it.
 */
export function buildEscalationNote(f: EscalationNoteFacts): string {
  const when = `${new Date(f.at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  const tta =
    f.timeToAckMs !== undefined && f.timeToAckMs !== null
      ? ` Time to acknowledge: ${formatDuration(f.timeToAckMs)}.`
      : '';
  switch (f.event) {
    case 'escalated':
      return `:rotating_light: This issue was escalated as urgent to the security support group in Slack (${f.ref}) at ${when}.`;
    case 'acknowledged':
      return `:eyes: Urgent escalation ${f.ref} was acknowledged in Slack at ${when}.${tta}`;
    case 'resolved':
      return `:white_check_mark: Urgent escalation ${f.ref} was resolved in Slack at ${when}.${tta}`;
  }
}

export function escalationNoteMarker(
  escalationId: number,
  event: EscalationNoteEvent,
  round: number,
): string {
  return `prodsec-bot-escalation-${escalationId}-${event}-${round}`;
}
