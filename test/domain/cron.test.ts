import cron from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { localTime, nextFireTime, parseCron, previousFireTime } from '../../src/domain/cron.js';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('cron expressions', () => {
  it('parses numbers, ranges, steps, lists and names', () => {
    const s = parseCron('*/15 9-17 1,15 jan-mar mon-fri');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.days]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it.each([
    ['0 9 * *', /5 fields/],
    ['60 9 * * *', /minute 60 is out of range/],
    ['0 24 * * *', /hour 24/],
    ['0 9 * * funday', /not a valid day of week/],
    ['*/0 9 * * *', /invalid step/],
    ['0 9 5-1 * *', /backwards/],
    ['5/10 * * * *', /a step needs \* or a range/],
  ])('rejects %s with a reason', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(message);
  });

  it('finds the previous weekly slot in the schedule time zone', () => {
    const weekly = parseCron('0 9 * * 1');
    // Wednesday 2024-03-06 12:00 UTC → Monday 2024-03-04 09:00 in Berlin (UTC+1) = 08:00 UTC.
    expect(iso(previousFireTime(weekly, 'Europe/Berlin', at('2024-03-06T12:00:00Z')))).toBe(
      '2024-03-04T08:00:00.000Z',
    );
    // Exactly at the slot: the slot itself.
    expect(iso(previousFireTime(weekly, 'Europe/Berlin', at('2024-03-04T08:00:00Z')))).toBe(
      '2024-03-04T08:00:00.000Z',
    );
    // One minute before: the week before.
    expect(iso(previousFireTime(weekly, 'Europe/Berlin', at('2024-03-04T07:59:00Z')))).toBe(
      '2024-02-26T08:00:00.000Z',
    );
  });

  it('follows daylight saving time changes', () => {
    const daily = parseCron('0 9 * * *');
    // Berlin moved to UTC+2 on 2024-03-31.
    expect(iso(previousFireTime(daily, 'Europe/Berlin', at('2024-03-31T12:00:00Z')))).toBe(
      '2024-03-31T07:00:00.000Z',
    );
    expect(iso(previousFireTime(daily, 'Europe/Berlin', at('2024-03-31T06:00:00Z')))).toBe(
      '2024-03-30T08:00:00.000Z',
    );
    expect(iso(nextFireTime(daily, 'America/New_York', at('2024-11-02T14:00:00Z')))).toBe(
      '2024-11-03T14:00:00.000Z',
    );
  });

  it('handles half-hour zones and leap days', () => {
    expect(iso(previousFireTime(parseCron('30 9 * * *'), 'Asia/Kolkata', at('2024-03-06T05:00:00Z')))).toBe(
      '2024-03-06T04:00:00.000Z',
    );
    expect(iso(previousFireTime(parseCron('0 0 29 2 *'), 'UTC', at('2027-01-01T00:00:00Z')))).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(nextFireTime(parseCron('0 0 31 2 *'), 'UTC', at('2024-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('reads the wall clock of a zone', () => {
    expect(localTime(at('2024-07-01T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      year: 2024,
      month: 7,
      day: 2,
      hour: 8,
      minute: 30,
    });
  });

  describe('agrees with node-cron', () => {
    const tasks: Array<ReturnType<typeof cron.schedule>> = [];
    afterAll(async () => {
      for (const t of tasks) await t.destroy();
    });
    it.each([
      ['*/15 * * * *', 'UTC'],
      ['30 9 * * 1-5', 'Asia/Kolkata'],
      ['0 0 1 * *', 'America/New_York'],
      ['0 9 * * mon', 'Europe/Berlin'],
      ['5 4 * * sun', 'Australia/Sydney'],
    ])('%s in %s: same next run, and both fire times match', (expr, tz) => {
      const task = cron.schedule(expr, () => {}, { timezone: tz });
      tasks.push(task);
      const spec = parseCron(expr);
      const now = Date.now();
      const next = nextFireTime(spec, tz, now);
      const prev = previousFireTime(spec, tz, now);
      expect(next).toBe(task.getNextRun()?.getTime());
      expect(task.match(new Date(prev as number))).toBe(true);
    });
  });
});
