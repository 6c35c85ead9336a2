/** Urgent escalations: who is told at each level, what counts as valid input, how long things took. */
import { isHttpUrl } from './issue-ref.js';

export type EscalationState = 'open' | 'acknowledged' | 'resolved';

/** Who a level of the chain notifies: the support group, the team leads, or the whole channel (@here). */
export type Audience = 'group' | 'leads' | 'here';
export const AUDIENCES: readonly Audience[] = ['group', 'leads', 'here'];

/** Level 0 is the first post; level n is the n-th repeat. Levels past the chain reuse its last entry. */
export type EscalationChain = Audience[][];

export const DEFAULT_CHAIN = 'group,group+leads,group+leads+here';
export const EXPLANATION_MAX = 2000;

/** Parses `group,group+leads,group+leads+here` into levels; returns a message for anything else. */
export function parseEscalationChain(text: string): { chain: EscalationChain } | { error: string } {
  const levels = text
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (levels.length === 0) return { error: 'needs at least one level' };
  const chain: EscalationChain = [];
  for (const level of levels) {
    const parts = level.split('+').map((p) => p.trim().toLowerCase());
    const unknown = parts.find((p) => !AUDIENCES.includes(p as Audience));
    if (unknown !== undefined) {
      return { error: `level "${level}" names "${unknown}"; use ${AUDIENCES.join(', ')} joined with +` };
    }
    chain.push([...new Set(parts as Audience[])]);
  }
  return { chain };
}

export function audienceAt(chain: EscalationChain, level: number): Audience[] {
  return chain[Math.min(level, chain.length - 1)] ?? ['group'];
}

export interface EscalationInput {
  link: string;
  explanation: string;
}

export type EscalationProblem = 'link' | 'explanation';

/** Slack may wrap a pasted URL as `<https://x|label>`; the URL is the part before `|`. */
export function unwrapSlackLink(text: string): string {
  const t = text.trim();
  const m = /^<([^<>|]+)(?:\|[^<>]*)?>$/.exec(t);
  return (m?.[1] ?? t).trim();
}

/** Checks a link and an explanation; each problem comes with the reason, ready to show. */
export function validateEscalation(
  rawLink: string,
  rawExplanation: string,
): { ok: true; input: EscalationInput } | { ok: false; errors: Partial<Record<EscalationProblem, string>> } {
  const link = unwrapSlackLink(rawLink);
  const explanation = rawExplanation.replace(/\r\n?/g, '\n').trim();
  const errors: Partial<Record<EscalationProblem, string>> = {};
  if (!link) errors.link = 'Add a link to what needs attention (an issue, an incident, a thread).';
  else if (!isHttpUrl(link))
    errors.link = `"${link.slice(0, 80)}" is not a link: it must start with https://`;
  else if (link.length > 1000) errors.link = 'The link is longer than 1000 characters.';
  if (!explanation) errors.explanation = 'Explain in a line or two why this is urgent.';
  else if (explanation.length > EXPLANATION_MAX)
    errors.explanation = `Keep the explanation under ${EXPLANATION_MAX} characters (a line or two).`;
  if (errors.link || errors.explanation) return { ok: false, errors };
  return { ok: true, input: { link, explanation } };
}

/** Splits `/prodsec urgent <link> <explanation…>`; the explanation keeps its newlines. */
export function splitUrgentArgs(args: string): { link: string; explanation: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return { link: m?.[1] ?? '', explanation: m?.[2] ?? '' };
}

export function escalationRef(id: number): string {
  return `E-${id}`;
}

/** Parses `E-12`, `e12` or `12`. */
export function parseEscalationRef(text: string): number | undefined {
  const m = /^\s*(?:E-?)?(\d{1,12})\s*$/i.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": for ages and times to acknowledge. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
