import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createEscalationsRepo, type NewEscalation } from '../../src/store/escalations-repo.js';

const input = (key: string): NewEscalation => ({
  sourceKey: key,
  link: 'https://x.test/1',
  explanation: 'why',
  escalator: 'U1',
  requestRef: null,
  issue: { project: 'g/p', iid: 4 },
  channelId: 'CSEC',
  nextRepeatAt: 1_000 + 900_000,
});

describe('escalations repository (real migrations on :memory:)', () => {
  it('inserts once per source key and lists open ones as plain objects', () => {
    const repo = createEscalationsRepo(openDatabase(':memory:'));
    const a = repo.insert(input('k1'), 1_000);
    const again = repo.insert(input('k1'), 2_000);
    expect(a.created).toBe(true);
    expect(again).toEqual({ record: a.record, created: false });
    expect(repo.listOpen()).toEqual([
      expect.objectContaining({
        id: a.record.id,
        ref: 'E-1',
        link: 'https://x.test/1',
        explanation: 'why',
        escalator: 'U1',
        createdAt: 1_000,
        state: 'open',
        acknowledgedBy: null,
        acknowledgedAt: null,
        level: 0,
        issue: { project: 'g/p', iid: 4 },
      }),
    ]);
  });

  it('lets exactly one of two acknowledgements win and keeps the time to acknowledge', () => {
    const repo = createEscalationsRepo(openDatabase(':memory:'));
    const { record } = repo.insert(input('k1'), 1_000);
    expect(repo.acknowledge(record.id, 'UA', 61_000)).toBe(true);
    expect(repo.acknowledge(record.id, 'UB', 62_000)).toBe(false);
    const e = repo.get(record.id);
    expect(e).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'UA',
      timeToAckMs: 60_000,
      nextRepeatAt: null,
    });
  });

  it('un-acknowledging restarts the clock in a new round; resolving keeps the time to acknowledge', () => {
    const repo = createEscalationsRepo(openDatabase(':memory:'));
    const { record } = repo.insert(input('k1'), 1_000);
    repo.acknowledge(record.id, 'UA', 61_000);
    expect(repo.unacknowledge(record.id, 100_000, 1_000_000)).toBe(true);
    expect(repo.unacknowledge(record.id, 100_000, 1_000_000)).toBe(false);
    expect(repo.get(record.id)).toMatchObject({ state: 'open', round: 1, level: 0, clockStartedAt: 100_000 });
    expect(repo.resolve(record.id, 'UB', 'fixed', 130_000)).toBe(true);
    expect(repo.resolve(record.id, 'UC', null, 131_000)).toBe(false);
    const done = repo.get(record.id);
    expect(done).toMatchObject({
      state: 'resolved',
      resolvedBy: 'UB',
      resolutionNote: 'fixed',
      timeToAckMs: 30_000,
    });
    expect(repo.listOpen()).toEqual([]);
    expect(repo.listResolvedSince(0).map((r) => r.timeToAckMs)).toEqual([30_000]);
  });

  it('claims each (escalation, round, level) once and lists only due open ones', () => {
    const repo = createEscalationsRepo(openDatabase(':memory:'));
    const { record } = repo.insert(input('k1'), 1_000);
    expect(repo.listDue(1_000)).toEqual([]);
    expect(repo.listDue(901_000).map((e) => e.id)).toEqual([record.id]);
    expect(repo.claimLevel(record.id, 0, 1, 'group', 901_000)).toBe(true);
    expect(repo.claimLevel(record.id, 0, 1, 'group', 901_001)).toBe(false);
    expect(repo.claimLevel(record.id, 1, 1, 'group', 901_002)).toBe(true);
    repo.acknowledge(record.id, 'UA', 902_000);
    expect(repo.listDue(10_000_000)).toEqual([]);
    expect(repo.notifications(record.id).map((n) => [n.round, n.level])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
