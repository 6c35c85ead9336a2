import { selectList } from './columns.js';
import type { Db } from './db.js';

export interface DigestSubscription {
  id: number;
  channelId: string;
  schedule: string;
  cron: string;
  timezone: string;
  milestone: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** The slot of the last digest posted, for "since the last digest". */
  lastDigestAt: number | null;
}

export type SlotStatus = 'claimed' | 'retrying' | 'posted' | 'failed' | 'skipped';

/** Every field is a plain column, so a selected row is the subscription itself. */
const COLUMNS = selectList<DigestSubscription>({
  id: 'id',
  channelId: 'channel_id',
  schedule: 'schedule',
  cron: 'cron',
  timezone: 'timezone',
  milestone: 'milestone',
  createdBy: 'created_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  lastDigestAt: 'last_digest_at',
});

export type NewSubscription = Pick<
  DigestSubscription,
  'channelId' | 'schedule' | 'cron' | 'timezone' | 'milestone' | 'createdBy'
>;

/** Digest subscriptions (one per channel) and the time slots claimed for them. */
export function createDigestsRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO digest_subscriptions (channel_id, schedule, cron, timezone, milestone, created_by, created_at, updated_at)
     VALUES (@channelId, @schedule, @cron, @timezone, @milestone, @createdBy, @now, @now)
     ON CONFLICT (channel_id) DO UPDATE SET schedule = excluded.schedule, cron = excluded.cron,
       timezone = excluded.timezone, milestone = excluded.milestone, created_by = excluded.created_by,
       updated_at = excluded.updated_at`,
  );
  const byChannel = db.prepare(`SELECT ${COLUMNS} FROM digest_subscriptions WHERE channel_id = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM digest_subscriptions WHERE id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM digest_subscriptions ORDER BY id`);
  const remove = db.prepare('DELETE FROM digest_subscriptions WHERE id = ?');
  const removeSlots = db.prepare('DELETE FROM digest_slots WHERE subscription_id = ?');
  const claim = db.prepare(
    `INSERT INTO digest_slots (subscription_id, slot_at, status, claimed_at, updated_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (subscription_id, slot_at) DO NOTHING`,
  );
  const slot = db.prepare('SELECT status FROM digest_slots WHERE subscription_id = ? AND slot_at = ?');
  const mark = db.prepare(
    'UPDATE digest_slots SET status = ?, updated_at = ? WHERE subscription_id = ? AND slot_at = ?',
  );
  const posted = db.prepare(
    'UPDATE digest_subscriptions SET last_digest_at = max(coalesce(last_digest_at, 0), ?) WHERE id = ?',
  );

  return {
    /** Creates the channel's subscription, or replaces its schedule (keeping its id and history). */
    subscribe(s: NewSubscription, now: number): DigestSubscription {
      upsert.run({
        channelId: s.channelId,
        schedule: s.schedule,
        cron: s.cron,
        timezone: s.timezone,
        milestone: s.milestone,
        createdBy: s.createdBy,
        now,
      });
      return byChannel.get(s.channelId) as DigestSubscription;
    },
    forChannel(channelId: string): DigestSubscription | undefined {
      return byChannel.get(channelId) as DigestSubscription | undefined;
    },
    get(id: number): DigestSubscription | undefined {
      return byId.get(id) as DigestSubscription | undefined;
    },
    list(): DigestSubscription[] {
      return all.all() as DigestSubscription[];
    },
    unsubscribe(id: number): boolean {
      removeSlots.run(id);
      return remove.run(id).changes === 1;
    },
    /** True for the one caller that claims (subscription, slot); every other caller, in any process, gets false. */
    claimSlot(subscriptionId: number, slotAt: number, now: number, status: SlotStatus = 'claimed'): boolean {
      return claim.run(subscriptionId, slotAt, status, now, now).changes === 1;
    },
    slotStatus(subscriptionId: number, slotAt: number): SlotStatus | undefined {
      return (slot.get(subscriptionId, slotAt) as { status: SlotStatus } | undefined)?.status;
    },
    markSlot(subscriptionId: number, slotAt: number, status: SlotStatus, now: number): void {
      mark.run(status, now, subscriptionId, slotAt);
    },
    markPosted(subscriptionId: number, slotAt: number, now: number): void {
      mark.run('posted', now, subscriptionId, slotAt);
      posted.run(slotAt, subscriptionId);
    },
  };
}

export type DigestsRepo = ReturnType<typeof createDigestsRepo>;
