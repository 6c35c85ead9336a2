import type { KnownBlock } from '@slack/types';
import { section } from '../blocks.js';
import { safeText } from '../escape.js';

export interface DigestEscalations {
  open: Array<{ ref: string; link: string; state: string; since: number }>;
  /** Time to acknowledge of each escalation resolved since the last digest. */
  ackTimesMs: number[];
  now: number;
}

const minutes = (ms: number) => `${Math.max(0, Math.round(ms / 60_000))} min`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Urgent escalations in the digest: the open ones (age, state) and time to acknowledge of closed ones. */
export function buildDigestEscalationsBlock(e: DigestEscalations): KnownBlock | undefined {
  if (e.open.length === 0 && e.ackTimesMs.length === 0) return undefined;
  const lines = e.open
    .slice(0, 5)
    .map((x) => `• ${x.ref} ${safeText(x.link, 200)}: ${x.state}, open ${minutes(e.now - x.since)}`);
  if (e.open.length > 5) lines.push(`…and ${e.open.length - 5} more: \`/prodsec escalations\``);
  const closed =
    e.ackTimesMs.length > 0
      ? `\n${e.ackTimesMs.length} resolved since the last digest; median time to acknowledge ${minutes(median(e.ackTimesMs))}.`
      : '';
  return section(`*Urgent escalations: ${e.open.length} open*\n${lines.join('\n')}${closed}`.trim());
}
