import type { Deps } from '../deps.js';
import { parseCron, previousFireTime } from '../domain/cron.js';
import { writeTx } from '../store/db.js';
import type { DigestSubscription } from '../store/digests-repo.js';
import { enqueue } from './outbox/kinds.js';

/** The slot a fire time belongs to: the last time the schedule fired at or before `at`. */
export function slotAt(sub: Pick<DigestSubscription, 'cron' | 'timezone'>, at: number): number | undefined {
  return previousFireTime(parseCron(sub.cron), sub.timezone, at);
}

/**
 * Runs one subscription's digest for one slot: claims (subscription, slot) in SQLite and queues
 * the build in the same transaction. A double tick, a restart within the slot or a second
 * instance finds the slot claimed and does nothing. Returns whether this call claimed it.
 */
export async function runDigest(
  deps: Deps,
  sub: DigestSubscription,
  slot: number,
  now: number,
): Promise<boolean> {
  const claimed = writeTx(deps.store.db, () => {
    if (!deps.store.digests.claimSlot(sub.id, slot, now)) return false;
    enqueue(deps, 'digest_build', { subscriptionId: sub.id, slot });
    return true;
  });
  if (!claimed) {
    deps.log.info(
      { subscription: sub.id, slot: new Date(slot).toISOString() },
      'digest slot already claimed',
    );
    return false;
  }
  await deps.outbox.kick();
  return true;
}

/** Schedules (or reschedules) a subscription with node-cron, in its time zone. */
export function scheduleDigest(deps: Deps, sub: DigestSubscription): void {
  deps.scheduler.cron(`digest:${sub.id}`, sub.cron, sub.timezone, async (firedAt) => {
    const current = deps.store.digests.get(sub.id);
    if (!current) return;
    // NOTE: a tick that fires a little early still belongs to the slot it was meant for.
    const slot = slotAt(current, firedAt.getTime() + 1_000);
    if (slot !== undefined) await runDigest(deps, current, slot, deps.clock());
  });
}

export function unscheduleDigest(deps: Deps, subscriptionId: number): void {
  deps.scheduler.cancel(`digest:${subscriptionId}`);
}

/**
 * Start-up catch-up: a slot missed while the bot was down is posted once if it is younger than
 * DIGEST_CATCHUP_MAX_MINUTES, otherwise marked skipped and logged. Slots from before the
 * subscription (or its last change) are never posted.
 */
export async function runDigestCatchUp(deps: Deps, now: number): Promise<void> {
  const maxAge = deps.config.DIGEST_CATCHUP_MAX_MINUTES * 60_000;
  for (const sub of deps.store.digests.list()) {
    const slot = slotAt(sub, now);
    if (slot === undefined || slot < sub.updatedAt) continue;
    if (deps.store.digests.slotStatus(sub.id, slot) !== undefined) continue;
    const when = new Date(slot).toISOString();
    if (now - slot > maxAge) {
      if (deps.store.digests.claimSlot(sub.id, slot, now, 'skipped')) {
        deps.log.warn(
          { subscription: sub.id, channel: sub.channelId, slot: when },
          'missed digest slot skipped',
        );
      }
      continue;
    }
    deps.log.info({ subscription: sub.id, channel: sub.channelId, slot: when }, 'posting missed digest slot');
    await runDigest(deps, sub, slot, now);
  }
}

/** Loads every subscription into node-cron and catches up on missed slots. */
export function registerDigestSchedules(deps: Deps): void {
  for (const sub of deps.store.digests.list()) scheduleDigest(deps, sub);
  deps.scheduler.soon('digest-catch-up', () => runDigestCatchUp(deps, deps.clock()));
}
