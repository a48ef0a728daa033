import * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone } from 'luxon';

import { chronoEngines, PERIOD_TAG, SpokenLanguage } from './spoken-chrono-engines';

export type { SpokenLanguage } from './spoken-chrono-engines';

export type SpokenDateTimeProblem = 'unclear_date' | 'unclear_time' | 'past_date' | 'past_time' | 'impossible_date';

export type SpokenDateTime =
  | {
      ok: true;
      /** Start of the local day in the zone. */
      day: DateTime;
      /** 'HH:mm' local wall time as it really is (a time in a spring-forward gap is moved on); null when no time was said. */
      time: string | null;
      /** The moment itself, in the zone, when a time was said. */
      startsAt: DateTime | null;
    }
  | { ok: false; problem: SpokenDateTimeProblem };

export interface SpokenDateTimeOptions {
  /** "Now", for relative words and past checks; defaults to the clock. */
  now?: DateTime;
  /** The language tried first; the other is tried when it finds nothing. Defaults to English. */
  language?: SpokenLanguage;
}

/** What the caller said about the day, as certain calendar components (luxon weekday 1–7). */
interface DateFacts {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  /** For a weekday alone: how many days ahead chrono put it ("next Friday" on a Monday is 11). */
  weekdayAhead?: number;
  /** Said relative to today ("tomorrow", "in two weeks"): no form for a date of birth. */
  relative?: boolean;
  /** "last Friday": the weekday before today. */
  past?: boolean;
  /** "next week": any day of that week, to place a weekday said with it. */
  week?: DateTime;
  /** Two parts of the sentence disagree ("Sunday, March 15, 2030" is a Friday). */
  conflict?: boolean;
}

/** A wall time, hour already in 24-hour form; `offset` (minutes) when the caller named a zone. */
interface TimeFacts {
  hour: number;
  minute: number;
  offset: number | null;
}

interface Reading {
  date: DateFacts | null;
  time: TimeFacts | null;
  /** "in an hour": an exact moment rather than a wall time. */
  moment: DateTime | null;
}

// A weekday said as past. chrono puts "last Friday" before today but a bare "Monday" may be too
// (the nearest one), and it reads Spanish "el viernes pasado" and "previous Friday" as coming ones.
const EN_WEEKDAYS = String.raw`(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?`;
const ES_WEEKDAYS = String.raw`(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)`;
const PAST_WEEKDAY = new RegExp(
  [
    String.raw`(?:last|past|previous)\s+${EN_WEEKDAYS}`,
    String.raw`${EN_WEEKDAYS}\s+(?:of\s+)?(?:last|past|previous)\s+week`,
    String.raw`${ES_WEEKDAYS}\s+(?:pasado|anterior)`,
    String.raw`(?:pasado|[úu]ltimo)\s+${ES_WEEKDAYS}`,
    String.raw`${ES_WEEKDAYS}\s+de\s+la\s+semana\s+pasada`,
  ]
    .map((form) => String.raw`(?<!\p{L})${form}(?!\p{L})`)
    .join('|'),
  'iu',
);
const TODAY_PARTS = /^casualReference\/(morning|afternoon|evening|night)$/;
const OTHER: Record<SpokenLanguage, SpokenLanguage> = { en: 'es', es: 'en' };

function tidy(text: string, language: SpokenLanguage): string {
  // chrono reads "10a.m." but not "10a.m" nor "2 p. m.".
  const spaced = text
    .replace(/[¿¡]/g, ' ')
    .replace(/(\d\s*)([ap])\.\s?m\b\.?/gi, '$1$2m')
    .replace(/\s+/g, ' ')
    .trim();
  // chrono reads "two weeks after Friday" but drops the weeks from "two weeks from Friday".
  return language === 'en'
    ? spaced.replace(/\b(days?|weeks?|months?|years?)\s+from\s+(?!now\b)/gi, '$1 after ')
    : spaced;
}

/** Wall-clock components as if they were UTC: differences between two of them are wall-time differences. */
function wallMillis(components: chrono.ParsedComponents): number {
  const get = (component: chrono.Component) => components.get(component) ?? 0;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

function parse(text: string, language: SpokenLanguage, now: DateTime): chrono.ParsedResult[] {
  // chrono does its calendar arithmetic on JS dates in the process's local time, and even with a
  // `{ instant, timezone }` reference some of it ("a week after Friday") slips back to local time.
  // So it gets a reference whose process-local wall clock is the zone's wall clock, and we read
  // back only its components: "today" is the zone's today whatever the process time zone is.
  const reference = new Date(now.year, now.month - 1, now.day, now.hour, now.minute, now.second, now.millisecond);
  return chronoEngines[language].parse(tidy(text, language), reference);
}

function timeFacts(result: chrono.ParsedResult): TimeFacts {
  const { start } = result;
  let hour = start.get('hour') ?? 0;
  // Callers book in business hours: "at two" is 14:00, "at eight" 8:00. "07:00" is written 24-hour style.
  if (!start.isCertain('meridiem') && hour >= 1 && hour <= 7 && !/(^|\D)0\d:/.test(result.text)) hour += 12;
  return {
    hour,
    minute: start.get('minute') ?? 0,
    offset: start.isCertain('timezoneOffset') ? start.get('timezoneOffset') : null,
  };
}

function merge(into: DateFacts | null, facts: DateFacts): DateFacts {
  if (!into) return facts;
  const merged: DateFacts = { ...into };
  for (const key of ['year', 'month', 'day', 'weekday'] as const) {
    const value = facts[key];
    if (value === undefined) continue;
    if (merged[key] !== undefined && merged[key] !== value) merged.conflict = true;
    merged[key] = value;
  }
  merged.weekdayAhead ??= facts.weekdayAhead;
  merged.past ||= facts.past;
  merged.relative ||= facts.relative;
  merged.week ??= facts.week;
  return merged;
}

function read(text: string, language: SpokenLanguage, now: DateTime): Reading {
  const reading: Reading = { date: null, time: null, moment: null };
  let partOfDay = false;
  const wallNow = Date.UTC(now.year, now.month - 1, now.day, now.hour, now.minute, now.second);
  for (const result of parse(text, language, now)) {
    const { start } = result;
    const tags = result.tags();
    if (tags.has('result/relativeDateAndTime')) {
      // "in 90 minutes": the same span of real time, even across a DST change.
      reading.moment ??= now.plus({ milliseconds: wallMillis(start) - wallNow });
      continue;
    }
    // "now" is a day (today), not a time already gone by the time it is booked.
    if (start.isCertain('hour') && !tags.has('casualReference/now')) reading.time ??= timeFacts(result);
    const certain = (component: chrono.Component) =>
      start.isCertain(component) ? (start.get(component) ?? undefined) : undefined;
    const chronoWeekday = certain('weekday');
    const facts: DateFacts = {
      year: certain('year'),
      month: certain('month'),
      day: certain('day'),
      weekday: chronoWeekday === undefined ? undefined : chronoWeekday || 7,
      relative: [...tags].some((tag) => tag.startsWith('casualReference/') || tag.startsWith('result/relative')),
    };
    if (tags.has(PERIOD_TAG) && facts.weekday === undefined) {
      // "next week" is no day, but places a weekday said with it; "next month" places nothing.
      if (facts.day !== undefined)
        reading.date = merge(reading.date, {
          week: DateTime.utc(facts.year ?? now.year, facts.month ?? now.month, facts.day),
        });
      continue;
    }
    if (
      facts.year === undefined &&
      facts.month === undefined &&
      facts.day === undefined &&
      facts.weekday === undefined
    ) {
      partOfDay ||= [...tags].some((tag) => TODAY_PARTS.test(tag));
      continue;
    }
    if (facts.weekday !== undefined && facts.day === undefined && facts.month === undefined) {
      const implied = Date.UTC(
        start.get('year') ?? now.year,
        (start.get('month') ?? now.month) - 1,
        start.get('day') ?? now.day,
      );
      facts.weekdayAhead = Math.round((implied - Date.UTC(now.year, now.month - 1, now.day)) / 86_400_000);
      facts.past = PAST_WEEKDAY.test(text);
    }
    reading.date = merge(reading.date, facts);
  }
  // "this afternoon", "esta tarde" alone: today (chrono would make a morning already begun tomorrow's).
  if (partOfDay && !reading.date) reading.date = { year: now.year, month: now.month, day: now.day };
  return reading;
}

function hasDate(reading: Reading): boolean {
  return reading.date !== null || reading.moment !== null;
}

/** The reading in the caller's language, or in the other one when it finds no day (or no time). */
function readIn(text: string, language: SpokenLanguage, now: DateTime, found: (reading: Reading) => boolean): Reading {
  const first = read(text, language, now);
  if (found(first)) return first;
  const second = read(text, OTHER[language], now);
  return found(second) ? second : first;
}

function localDay(zone: string, year: number, month: number, day: number): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone }).startOf('day');
}

/**
 * The day meant, in `zone`: a day without a year is its next occurrence, a weekday is 1 to 7 days
 * ahead (never today); a day with a year may be past (the caller decides what to do with it).
 */
function resolveDay(facts: DateFacts, today: DateTime): DateTime | 'unclear_date' | 'impossible_date' {
  const zone = today.zone.name;
  const { year, month, day, weekday } = facts;
  if (facts.conflict) return 'unclear_date';
  const fits = (candidate: DateTime) => candidate.isValid && (weekday === undefined || candidate.weekday === weekday);

  if (day !== undefined && month !== undefined && year !== undefined) {
    const candidate = localDay(zone, year, month, day);
    if (!candidate.isValid) return 'impossible_date';
    return fits(candidate) ? candidate : 'unclear_date';
  }
  if (day !== undefined && month !== undefined) {
    // 2024 is a leap year: February 29 exists, February 30 and April 31 never do.
    if (!localDay('UTC', 2024, month, day).isValid) return 'impossible_date';
    // A weekday with it ("Friday, January 8") picks the year; 28 years repeat every calendar.
    for (let candidateYear = today.year; candidateYear <= today.year + 28; candidateYear += 1) {
      const candidate = localDay(zone, candidateYear, month, day);
      if (fits(candidate) && candidate >= today) return candidate;
    }
    return 'unclear_date';
  }
  if (day !== undefined && month === undefined && year === undefined) {
    if (day < 1 || day > 31) return 'impossible_date';
    // "the 20th": this month's if still ahead, else the next month that has one (and fits a weekday).
    for (let ahead = 0; ahead <= 12 * 28; ahead += 1) {
      const first = today.startOf('month').plus({ months: ahead });
      const candidate = localDay(zone, first.year, first.month, day);
      if (fits(candidate) && candidate >= today) return candidate;
    }
    return 'unclear_date';
  }
  if (weekday !== undefined && day === undefined && month === undefined && year === undefined) {
    if (facts.week) {
      const monday = facts.week.startOf('week');
      return localDay(zone, monday.year, monday.month, monday.day).plus({ days: weekday - 1 });
    }
    // chrono's "Friday" is the nearest one, "this Friday" this week's, "next Friday" next week's;
    // any of them falling today or before means the coming one.
    let ahead = facts.weekdayAhead ?? 0;
    if (facts.past) {
      while (ahead >= 0) ahead -= 7;
      while (ahead < -7) ahead += 7;
    } else {
      while (ahead <= 0) ahead += 7;
    }
    return today.plus({ days: ahead }).startOf('day');
  }
  return 'unclear_date';
}

/** The moment at a wall time on `day`; a time in a spring-forward gap moves on, a repeated one is the first. */
function wallMoment(day: DateTime, time: TimeFacts, zone: string): DateTime {
  const components = { year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute };
  if (time.offset !== null)
    return DateTime.fromObject(components, { zone: FixedOffsetZone.instance(time.offset) }).setZone(zone);
  const moment = DateTime.fromObject(components, { zone });
  return moment
    .getPossibleOffsets()
    .reduce((earliest, candidate) => (candidate < earliest ? candidate : earliest), moment);
}

function readTime(text: string, language: SpokenLanguage, now: DateTime): TimeFacts | null {
  const reading = readIn(text, language, now, (found) => found.time !== null || found.moment !== null);
  if (reading.moment) return { hour: reading.moment.hour, minute: reading.moment.minute, offset: null };
  return reading.time;
}

/**
 * A day and optional time a caller said, interpreted in the IANA `zone`: "next Friday at 2pm",
 * "tomorrow", "December 4th", "12/4", "2026-12-04", "el próximo viernes a las dos de la tarde".
 * `timeText`, when given and understood, wins over a time inside `dateText`. Times without AM/PM
 * follow business hours (1–7 → PM, 8–11 → AM). Past days, past times today and days that do not
 * exist are reported, never moved.
 */
export function parseSpokenDateTime(
  dateText: string,
  timeText: string | undefined,
  zone: string,
  options: SpokenDateTimeOptions = {},
): SpokenDateTime {
  const language = options.language ?? 'en';
  const now = (options.now ?? DateTime.now()).setZone(zone);
  // A misconfigured zone must fail loudly rather than book at the wrong hour.
  if (!now.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  const today = now.startOf('day');

  const reading = readIn(dateText, language, now, hasDate);
  let day: DateTime;
  if (reading.moment) {
    day = reading.moment.startOf('day');
  } else if (reading.date) {
    const resolved = resolveDay(reading.date, today);
    if (typeof resolved === 'string') return { ok: false, problem: resolved };
    day = resolved;
  } else {
    return { ok: false, problem: 'unclear_date' };
  }
  if (day < today) return { ok: false, problem: 'past_date' };

  const saidTime = timeText !== undefined && timeText.trim() !== '';
  const time = (saidTime ? readTime(timeText, language, now) : null) ?? reading.time;
  let startsAt: DateTime | null = null;
  if (time && (time.hour > 23 || time.minute > 59)) return { ok: false, problem: 'unclear_time' };
  if (time) startsAt = wallMoment(day, time, zone);
  else if (reading.moment && !saidTime) startsAt = reading.moment;
  else if (saidTime) return { ok: false, problem: 'unclear_time' };

  if (!startsAt) return { ok: true, day, time: null, startsAt: null };
  // A time with a named zone ("11pm PST") may fall on another local day.
  const startDay = startsAt.startOf('day');
  if (startDay < today) return { ok: false, problem: 'past_date' };
  if (startsAt <= now) return { ok: false, problem: 'past_time' };
  return { ok: true, day: startDay, time: startsAt.toFormat('HH:mm'), startsAt };
}

/**
 * @deprecated Use {@link parseSpokenDateTime}, which also reads times and reports why a day was refused.
 * The day said, in `zone` (start of day), or null when unclear or impossible. A day with a year
 * is kept even when past.
 */
export function parseSpokenDate(
  raw: string,
  zone: string,
  now: DateTime = DateTime.now(),
  language: SpokenLanguage = 'en',
): DateTime | null {
  const zoned = now.setZone(zone);
  const reading = readIn(raw, language, zoned, hasDate);
  if (reading.moment) return reading.moment.startOf('day');
  if (!reading.date) return null;
  const day = resolveDay(reading.date, zoned.startOf('day'));
  return typeof day === 'string' ? null : day;
}

/**
 * @deprecated Use {@link parseSpokenDateTime} with a time text, which also places the time on its
 * day (DST). "14:00", "2pm", "two thirty in the afternoon", "half past two", "noon", "a las dos"
 * → 'HH:mm' (business hours when AM/PM is not said); null when unclear.
 */
export function parseSpokenTime(raw: string, language: SpokenLanguage = 'en'): string | null {
  const time = readTime(raw, language, DateTime.utc());
  if (!time) return null;
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/**
 * A date of birth in any common form ("March 5 1980", "5 de marzo de 1980", "03/05/1980",
 * "1980-03-05") as 'YYYY-MM-DD'; a two-digit year is the latest one not in the future
 * ("3/15/55" → 1955). Null when unclear, impossible, without a year or in the future.
 */
export function parseDateOfBirth(
  raw: string,
  now: DateTime = DateTime.now(),
  language: SpokenLanguage = 'en',
): string | null {
  const reference = now.setZone('UTC');
  for (const attempt of [language, OTHER[language]]) {
    const facts = read(raw, attempt, reference).date;
    if (
      !facts ||
      facts.relative ||
      facts.conflict ||
      facts.year === undefined ||
      facts.month === undefined ||
      facts.day === undefined
    )
      continue;
    let year = facts.year;
    // chrono reads "55" as 1955 and "30" as 2030; a birth year is never ahead of us.
    if (year > reference.year && !raw.includes(String(year))) year -= 100;
    const birth = DateTime.fromObject({ year, month: facts.month, day: facts.day }, { zone: 'UTC' });
    if (!birth.isValid || birth > reference) return null;
    return birth.toISODate();
  }
  return null;
}
