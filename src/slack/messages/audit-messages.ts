import type { AuditEntry } from '../../store/audit-repo.js';
import { escapeMrkdwn, safeText } from '../escape.js';
import { linesToSections } from './lines.js';
import type { SlackMessage } from './request-messages.js';

function line(e: AuditEntry): string {
  const when = new Date(e.at).toISOString().replace('T', ' ').slice(0, 16);
  const why = e.reason ? ` · why: ${safeText(e.reason, 300)}` : '';
  return `• ${when} UTC · <@${escapeMrkdwn(e.actor)}> · \`${escapeMrkdwn(e.action)}\` · *${escapeMrkdwn(e.outcome)}*${why}`;
}

/** `/prodsec audit`: an issue's decisions and refused attempts, oldest first. */
export function buildAuditLog(issueRef: string, entries: AuditEntry[]): SlackMessage {
  if (entries.length === 0) return { text: `Nothing is recorded for *${escapeMrkdwn(issueRef)}* yet.` };
  return {
    text: `${entries.length} audit entr${entries.length === 1 ? 'y' : 'ies'} for ${issueRef}.`,
    blocks: linesToSections(`*Audit log of ${escapeMrkdwn(issueRef)}*`, entries.map(line)),
  };
}
