/** Support questions: asked in Slack, answered in the team's support channel, tracked until answered. */
export type SupportState = 'open' | 'answered' | 'converted';

export function supportRef(id: number): string {
  return `Q-${id}`;
}

/** Parses `Q-12`, `q12` or `12` into 12. */
export function parseSupportRef(text: string): number | undefined {
  const m = /^\s*Q-?(\d{1,12})\s*$/i.exec(text) ?? /^\s*(\d{1,12})\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** An open question older than SUPPORT_STALE_HOURS shows in the digest. */
export function isSupportStale(
  q: { state: SupportState; createdAt: number },
  now: number,
  staleHours: number,
): boolean {
  return q.state === 'open' && now - q.createdAt >= staleHours * 3_600_000;
}
