import type { Deps } from '../../src/deps.js';
import { slotAt } from '../../src/jobs/digest.js';
import type { DigestSubscription } from '../../src/store/digests-repo.js';
import type { FakeMessage } from '../fakes/slack-api.js';
import { NOW } from './milestone-seed.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * A daily subscription created at `createdAt`, whose slot falls within 11 hours before the time of
 * day of `near` (the tests' injected clock, NOW = 12:00 UTC: the digest job gives up on a slot over
 * 12 hours late), at the minute of day farthest from the real clock's (at least 5 hours away), so
 * neither node-cron nor the start-up catch-up posts anything on the real clock while a test runs,
 * whatever the hour the suite runs at.
 */
export function subscribeDaily(
  deps: Deps,
  channelId: string,
  createdAt: number,
  milestone: string | null = null,
  near: number = NOW,
) {
  const minuteOfDay = (t: number) => Math.floor((((t % DAY) + DAY) % DAY) / MIN);
  const real = minuteOfDay(Date.now());
  const apart = (m: number) => {
    const d = Math.abs(m - real);
    return Math.min(d, 1440 - d);
  };
  let best = minuteOfDay(near - MIN);
  for (let back = 1; back <= 11 * 60; back++) {
    const m = minuteOfDay(near - back * MIN);
    if (apart(m) > apart(best)) best = m;
  }
  const cron = `${best % 60} ${Math.floor(best / 60)} * * *`;
  return deps.store.digests.subscribe(
    { channelId, schedule: cron, cron, timezone: 'UTC', milestone, createdBy: 'UTEAM' },
    createdAt,
  );
}

/** The subscription's slot at or before `at`. */
export function slotBefore(sub: DigestSubscription, at: number): number {
  const slot = slotAt(sub, at);
  if (slot === undefined) throw new Error('no slot');
  return slot;
}

export const digestsIn = (messages: FakeMessage[], channel: string) =>
  messages.filter((m) => m.channel === channel && m.text?.startsWith('Milestone digest'));

export const noticesIn = (messages: FakeMessage[], channel: string) =>
  messages.filter(
    (m) => m.channel === channel && /digest (is unavailable|could not be built)/.test(m.text ?? ''),
  );
