import { describe, expect, it } from 'vitest';
import { parseDigestSchedule } from '../../src/domain/digest-schedule.js';

const NOW = Date.parse('2024-03-06T12:00:00Z');
const parse = (args: string) => parseDigestSchedule(args, 'UTC', NOW);

describe('digest schedules', () => {
  it('defaults to weekly on Monday 09:00 in the configured time zone', () => {
    expect(parseDigestSchedule('', 'Europe/Paris', NOW)).toEqual({
      ok: true,
      value: { schedule: 'weekly mon 09:00', cron: '0 9 * * 1', timezone: 'Europe/Paris', milestone: null },
    });
  });

  it.each([
    ['weekly friday 16:30', 'weekly fri 16:30', '30 16 * * 5', 'UTC'],
    ['weekly Mon 9:05 Europe/Berlin', 'weekly mon 09:05', '5 9 * * 1', 'Europe/Berlin'],
    ['daily 07:30', 'daily 07:30', '30 7 * * *', 'UTC'],
    ['weekdays 08:00 America/New_York', 'weekdays 08:00', '0 8 * * 1-5', 'America/New_York'],
    ['0 9 * * 1-5 Asia/Tokyo', '0 9 * * 1-5', '0 9 * * 1-5', 'Asia/Tokyo'],
    ['*/30 8-18 * * mon-fri', '*/30 8-18 * * mon-fri', '*/30 8-18 * * mon-fri', 'UTC'],
  ])('reads "%s"', (args, schedule, cron, timezone) => {
    expect(parse(args)).toEqual({ ok: true, value: { schedule, cron, timezone, milestone: null } });
  });

  it('takes a named milestone anywhere in the arguments', () => {
    const r = parse('daily 09:00 milestone:"17.3 Release" Europe/Berlin');
    expect(r).toEqual({
      ok: true,
      value: {
        schedule: 'daily 09:00',
        cron: '0 9 * * *',
        timezone: 'Europe/Berlin',
        milestone: '17.3 Release',
      },
    });
    expect(
      parse('milestone:17.4').ok &&
        (parse('milestone:17.4') as { value: { milestone: string } }).value.milestone,
    ).toBe('17.4');
  });

  it.each([
    ['weekly someday 09:00', /not a day of the week/],
    ['daily 25:00', /not a time of day/],
    ['hourly', /neither a friendly schedule nor a 5-field cron/],
    ['0 9 * * 1 Mars/Olympus', /not a known time zone/],
    ['0 9 * * 1 UTC extra', /Unexpected words/],
    ['61 9 * * *', /minute 61 is out of range/],
    ['0 0 31 2 *', /never fires/],
  ])('explains what is wrong with "%s"', (args, message) => {
    const r = parse(args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
