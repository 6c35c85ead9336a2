import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createDigestsRepo } from '../../src/store/digests-repo.js';
import { createRemindersRepo } from '../../src/store/reminders-repo.js';

const sub = (channelId: string, cron = '0 9 * * 1') => ({
  channelId,
  schedule: 'weekly mon 09:00',
  cron,
  timezone: 'UTC',
  milestone: null,
  createdBy: 'UTEAM',
});

describe('digest subscriptions and slots', () => {
  it('keeps one subscription per channel; subscribing again changes its schedule, not its id', () => {
    const repo = createDigestsRepo(openDatabase(':memory:'));
    const a = repo.subscribe(sub('C1'), 100);
    const b = repo.subscribe(sub('C1', '0 8 * * *'), 200);
    expect(b).toMatchObject({ id: a.id, cron: '0 8 * * *', createdAt: 100, updatedAt: 200 });
    expect(repo.list()).toHaveLength(1);
  });

  it('lets exactly one caller claim a (subscription, slot); an unsubscribe forgets the slots', () => {
    const db = openDatabase(':memory:');
    const repo = createDigestsRepo(db);
    const other = createDigestsRepo(db);
    const s = repo.subscribe(sub('C1'), 0);
    expect(repo.claimSlot(s.id, 1000, 1)).toBe(true);
    expect(other.claimSlot(s.id, 1000, 2)).toBe(false);
    expect(repo.claimSlot(s.id, 2000, 3)).toBe(true);
    repo.markPosted(s.id, 2000, 4);
    repo.markPosted(s.id, 1000, 5);
    expect(repo.get(s.id)?.lastDigestAt).toBe(2000);
    expect(repo.slotStatus(s.id, 1000)).toBe('posted');
    expect(repo.unsubscribe(s.id)).toBe(true);
    expect(repo.slotStatus(s.id, 1000)).toBeUndefined();
    expect(repo.get(s.id)).toBeUndefined();
  });
});

describe('reminder sends and job cursors', () => {
  it('sends a one-off once, and a repeating reminder at most once per period', () => {
    const repo = createRemindersRepo(openDatabase(':memory:'));
    expect(repo.sendIfDue('once', 0, Number.POSITIVE_INFINITY)).toBe(1);
    expect(repo.sendIfDue('once', 10 ** 12, Number.POSITIVE_INFINITY)).toBe(0);
    expect(repo.sendIfDue('weekly', 0, 1000)).toBe(1);
    expect(repo.sendIfDue('weekly', 999, 1000)).toBe(0);
    expect(repo.sendIfDue('weekly', 1000, 1000)).toBe(2);
    expect(repo.lastSent('weekly')).toEqual({ sentAt: 1000, count: 2 });
  });

  it('remembers a cursor', () => {
    const repo = createRemindersRepo(openDatabase(':memory:'));
    expect(repo.cursor('x')).toBeUndefined();
    repo.setCursor('x', 'a', 1);
    repo.setCursor('x', 'b', 2);
    expect(repo.cursor('x')).toBe('b');
  });
});
