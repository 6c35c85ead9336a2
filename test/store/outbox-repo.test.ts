import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createOutboxRepo } from '../../src/store/outbox-repo.js';

describe('outbox repository', () => {
  const setup = () => createOutboxRepo(openDatabase(':memory:'));

  it('dedupes by key', () => {
    const repo = setup();
    expect(repo.enqueue('k', { a: 1 }, 0, { dedupeKey: 'x' })).toBe(true);
    expect(repo.enqueue('k', { a: 2 }, 0, { dedupeKey: 'x' })).toBe(false);
    expect(repo.listByKind('k')).toHaveLength(1);
  });

  it('claims a due job once, and again only after its lease runs out (a crash)', () => {
    const repo = setup();
    repo.enqueue('k', {}, 100);
    expect(repo.claimDue(100, 10, 1000)).toHaveLength(1);
    expect(repo.claimDue(500, 10, 1000)).toHaveLength(0);
    const again = repo.claimDue(1101, 10, 1000);
    expect(again).toHaveLength(1);
    expect(again[0]!.attempts).toBe(2);
  });

  it('does not claim a job before its retry time', () => {
    const repo = setup();
    repo.enqueue('k', {}, 0);
    const [job] = repo.claimDue(0, 10, 1000);
    repo.retryLater(job!.id, 5000, 'boom', 0);
    expect(repo.claimDue(4999, 10, 1000)).toHaveLength(0);
    expect(repo.claimDue(5000, 10, 1000)).toHaveLength(1);
    expect(repo.stats().depth).toBe(1);
  });

  it('completed and dead jobs leave the queue', () => {
    const repo = setup();
    repo.enqueue('k', {}, 0);
    repo.enqueue('k', {}, 0);
    const [a, b] = repo.claimDue(0, 10, 1000);
    repo.complete(a!.id, 1);
    repo.kill(b!.id, 'no', 1);
    expect(repo.stats().depth).toBe(0);
    expect(repo.nextDueAt()).toBeNull();
  });
});
