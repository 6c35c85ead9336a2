/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) and their fire
 * times in a time zone, with node-cron 4's semantics: every field must match (day-of-month
 * AND day-of-week), day 7 is Sunday, names like `mon` and `jan` are accepted.
 * NOTE: node-cron cannot tell when a schedule last fired; start-up catch-up needs that.
 */

export interface CronSpec {
  expression: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** How far back or ahead a fire time is searched: covers `29 2 * *` (leap days). */
const SEARCH_DAYS = 8 * 366;

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

function value(token: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named >= 0) return named + (rule.namesFrom ?? 0);
  if (!/^\d{1,2}$/.test(token)) throw new Error(`"${token}" is not a valid ${rule.name}`);
  const n = Number(token);
  if (n < rule.min || n > rule.max) {
    throw new Error(`${rule.name} ${n} is out of range ${rule.min}-${rule.max}`);
  }
  return n;
}

function parseField(text: string, rule: FieldRule): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || (stepText !== undefined && !/^\d+$/.test(stepText))) {
      throw new Error(`"${part}" has an invalid step`);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      from = rule.min;
      to = rule.name === 'day of week' ? 6 : rule.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a, rule);
      to = value(b, rule);
      if (from > to) throw new Error(`"${range}" is a backwards ${rule.name} range`);
    } else {
      // NOTE: node-cron refuses a step after a single value (`5/10`); so does this parser.
      if (stepText !== undefined) throw new Error(`"${part}": a step needs * or a range before it`);
      from = value(range, rule);
      to = from;
    }
    for (let v = from; v <= to; v += step) out.add(rule.name === 'day of week' && v === 7 ? 0 : v);
  }
  return out;
}

/** Parses a five-field expression; throws an Error whose message says what is wrong. */
export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`a cron expression has 5 fields (minute hour day month weekday), not ${parts.length}`);
  }
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i] as FieldRule));
  return {
    expression: parts.join(' '),
    minutes: minutes as Set<number>,
    hours: hours as Set<number>,
    days: days as Set<number>,
    months: months as Set<number>,
    weekdays: weekdays as Set<number>,
  };
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time in `tz` at instant `t`. */
export function localTime(t: number, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

function offsetAt(t: number, tz: string): number {
  const l = localTime(t, tz);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/** The instant at which the wall clock in `tz` shows the given time (the later offset across a DST change). */
export function zonedTime(l: LocalTime, tz: string): number {
  const guess = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  const first = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(first, tz);
  return second;
}

function dayMatches(spec: CronSpec, date: Date): boolean {
  return (
    spec.months.has(date.getUTCMonth() + 1) &&
    spec.days.has(date.getUTCDate()) &&
    spec.weekdays.has(date.getUTCDay())
  );
}

/**
 * Walks fire times day by day from `at`'s local day, backwards or forwards, and returns the first
 * one `accept` takes. Hours more than one away from `at` on its own day are skipped (a DST shift
 * moves a local hour by at most one).
 */
function searchFireTime(
  spec: CronSpec,
  tz: string,
  at: number,
  direction: 1 | -1,
  accept: (t: number) => boolean,
): number | undefined {
  const now = localTime(at, tz);
  const today = Date.UTC(now.year, now.month - 1, now.day);
  const order = (s: ReadonlySet<number>) => [...s].sort((a, b) => (a - b) * direction);
  const hours = order(spec.hours);
  const minutes = order(spec.minutes);
  for (let d = 0; d <= SEARCH_DAYS; d++) {
    const date = new Date(today + direction * d * DAY_MS);
    if (!dayMatches(spec, date)) continue;
    for (const hour of hours) {
      if (d === 0 && (hour - now.hour) * direction < -1) continue;
      for (const minute of minutes) {
        const t = zonedTime(
          {
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
            hour,
            minute,
          },
          tz,
        );
        if (accept(t)) return t;
      }
    }
  }
  return undefined;
}

/** The last fire time at or before `at` (ms), or undefined when none lies within eight years. */
export function previousFireTime(spec: CronSpec, tz: string, at: number): number | undefined {
  return searchFireTime(spec, tz, at, -1, (t) => t <= at);
}

/** The first fire time strictly after `at` (ms), or undefined when none lies within eight years. */
export function nextFireTime(spec: CronSpec, tz: string, at: number): number | undefined {
  return searchFireTime(spec, tz, at, 1, (t) => t > at);
}

export function dayName(weekday: number): string {
  return DAY_NAMES[weekday % 7] ?? 'sun';
}
