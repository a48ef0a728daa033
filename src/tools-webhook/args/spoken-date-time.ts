import { DateTime } from 'luxon';

// Forms a language model passes on for a day: ISO first, then US numeric, then month names.
const DATE_FORMATS_WITH_YEAR = [
  'yyyy-MM-dd',
  'yyyy-M-d',
  'M/d/yyyy',
  'M/d/yy',
  'M-d-yyyy',
  'LLLL d, yyyy',
  'LLLL d yyyy',
  'LLL d, yyyy',
  'LLL d yyyy',
  'cccc, LLLL d, yyyy',
];
const DATE_FORMATS_WITHOUT_YEAR = ['LLLL d', 'LLL d', 'M/d', 'cccc, LLLL d', 'cccc LLLL d'];
const TIME_FORMATS = ['H:mm', 'HH:mm', 'H:mm:ss', 'h:mm a', 'h:mma', 'h a', 'ha', 'H'];

/** "December 4th." → "December 4"; "2 p.m.", "2p.m." → "2 PM". */
function tidy(text: string): string {
  return text
    .trim()
    .replace(/(\d)(st|nd|rd|th)\b/gi, '$1')
    .replace(/(\d)\s*([ap])\.?\s?m\b\.?/gi, (_match, digit: string, letter: string) => `${digit} ${letter.toUpperCase()}M`)
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A calendar day from what the caller said, in `zone`: ISO, US numeric, "December 4th",
 * "today", "tomorrow". A day without a year is its next occurrence. Null when unclear.
 */
export function parseSpokenDate(raw: string, zone: string, now: DateTime = DateTime.now()): DateTime | null {
  const text = tidy(raw);
  const today = now.setZone(zone).startOf('day');
  const word = text.toLowerCase();
  if (word === 'today') return today;
  if (word === 'tomorrow') return today.plus({ days: 1 });
  const weekday = /^(?:next |this |on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.exec(word);
  if (weekday) {
    // "Friday" said on a Friday means the next one: today would be said as "today".
    const target = DateTime.fromFormat(weekday[1], 'cccc', { locale: 'en-US' }).weekday;
    return today.plus({ days: ((target - today.weekday + 6) % 7) + 1 });
  }
  for (const format of DATE_FORMATS_WITH_YEAR) {
    const parsed = DateTime.fromFormat(text, format, { zone, locale: 'en-US' });
    if (parsed.isValid) return parsed.startOf('day');
  }
  // A day without a year is its next occurrence; the year is parsed with it, so that a weekday
  // ("Friday, January 8") and February 29 are checked against the year they fall in.
  for (let year = today.year; year <= today.year + 8; year += 1) {
    for (const format of DATE_FORMATS_WITHOUT_YEAR) {
      const parsed = DateTime.fromFormat(`${text} ${year}`, `${format} yyyy`, { zone, locale: 'en-US' });
      if (parsed.isValid && parsed >= today) return parsed.startOf('day');
    }
  }
  return null;
}

/**
 * A date of birth: ISO, US numeric or month names, always with a year; a two-digit year is the
 * most recent one that is not in the future ("3/15/55" → 1955). Null when unclear.
 */
export function parseDateOfBirth(raw: string, now: DateTime = DateTime.now()): string | null {
  const text = tidy(raw);
  for (const format of DATE_FORMATS_WITH_YEAR) {
    let parsed = DateTime.fromFormat(text, format, { zone: 'UTC', locale: 'en-US' });
    if (!parsed.isValid) continue;
    if (format.endsWith('/yy') && parsed > now) parsed = parsed.minus({ years: 100 });
    return parsed <= now ? parsed.toISODate() : null;
  }
  return null;
}

/** "14:00", "2pm", "2:30 PM", "10" → "HH:mm"; "noon" too. Null when unclear. */
export function parseSpokenTime(raw: string): string | null {
  const text = tidy(raw);
  const word = text.toLowerCase();
  if (word === 'noon' || word === 'midday') return '12:00';
  for (const format of TIME_FORMATS) {
    const parsed = DateTime.fromFormat(text, format, { locale: 'en-US' });
    if (parsed.isValid) return parsed.toFormat('HH:mm');
  }
  return null;
}
