import type { Deps } from '../../src/deps.js';
import { slotAt } from '../../src/jobs/digest.js';
import type { DigestSubscription } from '../../src/store/digests-repo.js';
import type { FakeMessage } from '../fakes/slack-api.js';

/**
 * A daily subscription whose real-time slot is hours away (so neither node-cron nor the
 * start-up catch-up posts anything on the real clock while a test runs), created at `createdAt`.
 */
export function subscribeDaily(
  deps: Deps,
  channelId: string,
  createdAt: number,
  milestone: string | null = null,
) {
  const real = new Date(Date.now() + 6 * 60 * 60_000);
  const cron = `${real.getUTCMinutes()} ${real.getUTCHours()} * * *`;
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
