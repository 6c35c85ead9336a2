import type { Deps } from '../deps.js';
import { nextFireTime, parseCron } from '../domain/cron.js';
import type { DigestSchedule } from '../domain/digest-schedule.js';
import { scheduleDigest, unscheduleDigest } from '../jobs/digest.js';
import type { DigestSubscription } from '../store/digests-repo.js';
import { authorize, type Denied } from './authorize.js';

export interface ScheduledSubscription {
  subscription: DigestSubscription;
  /** When the next digest is due, or null if the schedule never fires again. */
  next: number | null;
}

export function nextDigestAt(sub: Pick<DigestSubscription, 'cron' | 'timezone'>, now: number): number | null {
  return nextFireTime(parseCron(sub.cron), sub.timezone, now) ?? null;
}

/**
 * Subscribes a channel (or changes its schedule; team only) and (re)schedules it at once, without
 * a restart. Throws, leaving the previous subscription in place, when node-cron refuses the schedule.
 */
export async function subscribeChannel(
  deps: Deps,
  input: { channelId: string; userId: string; schedule: DigestSchedule },
  now: number,
): Promise<Denied | ({ kind: 'subscribed' } & ScheduledSubscription)> {
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'digest.subscribe',
    target: { kind: 'digest', channelId: input.channelId },
  });
  if (access.kind === 'denied') return access;
  const previous = deps.store.digests.forChannel(input.channelId);
  const subscription = deps.store.digests.subscribe(
    {
      channelId: input.channelId,
      schedule: input.schedule.schedule,
      cron: input.schedule.cron,
      timezone: input.schedule.timezone,
      milestone: input.schedule.milestone,
      createdBy: input.userId,
    },
    now,
  );
  try {
    scheduleDigest(deps, subscription);
  } catch (err) {
    // node-cron refused what the parser accepted: put things back as they were.
    if (previous) {
      deps.store.digests.subscribe(previous, previous.updatedAt);
      scheduleDigest(deps, previous);
    } else deps.store.digests.unsubscribe(subscription.id);
    throw new Error(`the scheduler refused this schedule (${(err as Error).message})`);
  }
  deps.log.info(
    { channel: input.channelId, user: input.userId, cron: subscription.cron, tz: subscription.timezone },
    'digest subscription saved',
  );
  return { kind: 'subscribed', subscription, next: nextDigestAt(subscription, now) };
}

/** Stops a channel's digests (team only); `removed` is the subscription, if there was one. */
export async function unsubscribeChannel(
  deps: Deps,
  channelId: string,
  userId: string,
): Promise<Denied | { kind: 'unsubscribed'; removed: DigestSubscription | undefined }> {
  const access = await authorize(deps, {
    userId,
    action: 'digest.unsubscribe',
    target: { kind: 'digest', channelId },
  });
  if (access.kind === 'denied') return access;
  const sub = deps.store.digests.forChannel(channelId);
  if (!sub) return { kind: 'unsubscribed', removed: undefined };
  deps.store.digests.unsubscribe(sub.id);
  unscheduleDigest(deps, sub.id);
  deps.log.info({ channel: channelId, user: userId }, 'digest subscription removed');
  return { kind: 'unsubscribed', removed: sub };
}

export function listSubscriptions(deps: Deps, now: number): ScheduledSubscription[] {
  return deps.store.digests
    .list()
    .map((subscription) => ({ subscription, next: nextDigestAt(subscription, now) }));
}

/** `/prodsec digest list` (team only): this channel's subscription, never another channel's. */
export async function listChannelSubscriptions(
  deps: Deps,
  input: { channelId: string; userId: string },
  now: number,
): Promise<Denied | { kind: 'listed'; subscriptions: ScheduledSubscription[] }> {
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'digest.list',
    target: { kind: 'digest', channelId: input.channelId },
  });
  if (access.kind === 'denied') return access;
  const subscriptions = listSubscriptions(deps, now).filter(
    (s) => s.subscription.channelId === input.channelId,
  );
  return { kind: 'listed', subscriptions };
}
