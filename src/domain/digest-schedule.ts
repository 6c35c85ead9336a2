import { dayName, isValidTimeZone, nextFireTime, parseCron } from './cron.js';

/** When a channel's digest is posted: a cron expression in a time zone, maybe for a named milestone. */
export interface DigestSchedule {
  /** As the team member wrote it, normalised (`weekly mon 09:00`, `daily 09:00` or the cron expression). */
  schedule: string;
  cron: string;
  timezone: string;
  /** A milestone title; null means "the current milestone". */
  milestone: string | null;
}

export const DEFAULT_SCHEDULE = 'weekly mon 09:00';

export const SCHEDULE_USAGE =
  'Usage: `/prodsec digest subscribe [schedule] [time zone] [milestone:"title"]`, where the schedule is ' +
  '`weekly mon 09:00`, `daily 09:00`, `weekdays 09:00` or a 5-field cron expression such as `0 9 * * 1`, ' +
  'and the time zone an IANA name such as `Europe/Berlin`. ' +
  'Example: `/prodsec digest subscribe weekly fri 16:30 America/New_York`.';

const WEEKDAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

function parseTime(text: string | undefined): { hour: number; minute: number } | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text ?? '');
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

type Parsed = { ok: true; value: DigestSchedule } | { ok: false; error: string };

function friendly(tokens: string[]): { cron: string; schedule: string; used: number } | string | undefined {
  const [kind, a, b] = tokens.map((t) => t.toLowerCase());
  if (kind === 'weekly') {
    const day = WEEKDAYS[a ?? ''];
    const time = parseTime(b);
    if (day === undefined) return `"${(a ?? '').slice(0, 20)}" is not a day of the week (mon … sun).`;
    if (!time) return `"${(b ?? '').slice(0, 20)}" is not a time of day (HH:MM, 24-hour).`;
    const schedule = `weekly ${dayName(day)} ${pad(time.hour)}:${pad(time.minute)}`;
    return { cron: `${time.minute} ${time.hour} * * ${day}`, schedule, used: 3 };
  }
  if (kind === 'daily' || kind === 'weekdays') {
    const time = parseTime(a);
    if (!time) return `"${(a ?? '').slice(0, 20)}" is not a time of day (HH:MM, 24-hour).`;
    const days = kind === 'daily' ? '*' : '1-5';
    return {
      cron: `${time.minute} ${time.hour} * * ${days}`,
      schedule: `${kind} ${pad(time.hour)}:${pad(time.minute)}`,
      used: 2,
    };
  }
  return undefined;
}

/**
 * Parses the arguments of `/prodsec digest subscribe`. Anything it cannot read gets a message
 * saying what is wrong, followed by the usage.
 */
export function parseDigestSchedule(args: string, defaultTimezone: string, now: number): Parsed {
  let text = args.trim();
  let milestone: string | null = null;
  const named = /(?:^|\s)milestone[:=](?:"([^"]{1,255})"|“([^”]{1,255})”|(\S{1,255}))/i.exec(text);
  if (named) {
    milestone = (named[1] ?? named[2] ?? named[3] ?? '').trim() || null;
    text = (text.slice(0, named.index) + text.slice(named.index + named[0].length)).trim();
  }
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) tokens.push(...DEFAULT_SCHEDULE.split(' '));
  let cron: string;
  let schedule: string;
  let rest: string[];
  const f = friendly(tokens);
  if (typeof f === 'string') return { ok: false, error: f };
  if (f) {
    ({ cron, schedule } = f);
    rest = tokens.slice(f.used);
  } else {
    if (tokens.length < 5) {
      return {
        ok: false,
        error: `"${text.slice(0, 60)}" is neither a friendly schedule nor a 5-field cron expression.`,
      };
    }
    cron = tokens.slice(0, 5).join(' ');
    schedule = cron;
    rest = tokens.slice(5);
  }
  let spec: ReturnType<typeof parseCron>;
  try {
    spec = parseCron(cron);
  } catch (err) {
    return { ok: false, error: `The schedule is not valid: ${(err as Error).message}.` };
  }
  if (rest.length > 1) return { ok: false, error: `Unexpected words: "${rest.join(' ').slice(0, 60)}".` };
  const timezone = rest[0] ?? defaultTimezone;
  if (!isValidTimeZone(timezone)) {
    return {
      ok: false,
      error: `"${timezone.slice(0, 60)}" is not a known time zone (IANA name, e.g. Europe/Berlin).`,
    };
  }
  if (nextFireTime(spec, timezone, now) === undefined) {
    return { ok: false, error: 'That schedule never fires (check the day of month and month).' };
  }
  return { ok: true, value: { schedule, cron: spec.expression, timezone, milestone } };
}
