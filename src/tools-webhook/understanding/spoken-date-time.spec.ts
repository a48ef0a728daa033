import { DateTime } from 'luxon';

import {
  parseDateOfBirth,
  parseSpokenDate,
  parseSpokenDateTime,
  parseSpokenTime,
  SpokenDateTime,
  SpokenLanguage,
} from './spoken-date-time';

// Nothing here may depend on the process time zone: the suite is also run as
// `TZ=Asia/Tokyo npx jest src/tools-webhook/understanding/spoken-date-time` (and with TZ=America/New_York).
const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone });

// DST in New York, 2026: clocks spring forward on Sunday March 8 at 02:00 (EST -05:00 → EDT -04:00)
// and fall back on Sunday November 1 at 02:00 (EDT → EST).
const BEFORE_SPRING_FORWARD = at('2026-03-05T10:00'); // Thursday, EST
const BEFORE_FALL_BACK = at('2026-10-29T10:00'); // Thursday, EDT

/**
 * One line per outcome: "day <local midnight>" when no time was said, "<UTC instant> = <local HH:mm>"
 * when one was, or the problem. Also checks what must hold for every successful answer.
 */
function outcome(result: SpokenDateTime, zone = NY): string {
  if (!result.ok) return result.problem;
  expect(result.day.zoneName).toBe(zone);
  expect(result.day.equals(result.day.startOf('day'))).toBe(true);
  if (!result.startsAt) {
    expect(result.time).toBeNull();
    return `day ${result.day.toISO({ suppressMilliseconds: true })}`;
  }
  expect(result.startsAt.zoneName).toBe(zone);
  expect(result.startsAt.startOf('day').equals(result.day)).toBe(true);
  expect(result.time).toBe(result.startsAt.toFormat('HH:mm'));
  return `${result.startsAt.toUTC().toISO({ suppressMilliseconds: true })} = ${result.time}`;
}

const read = (date: string, time: string | undefined, now: DateTime, language?: SpokenLanguage) =>
  outcome(parseSpokenDateTime(date, time, NY, { now, language }));

type Row = [date: string, time: string | undefined, expected: string];

describe('parseSpokenDateTime', () => {
  describe('English, said on Thursday 2026-03-05 10:00 EST, three days before spring-forward', () => {
    it.each<Row>([
      // Days alone: local midnight, in EST before the change and EDT after it.
      ['today', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['Today.', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['tomorrow', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['the day after tomorrow', undefined, 'day 2026-03-07T00:00:00-05:00'],
      ['day after tomorrow', undefined, 'day 2026-03-07T00:00:00-05:00'],
      ['Friday', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['this Friday', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['on Friday', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['next Friday', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['Friday next week', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['next week Friday', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['a week from Friday', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['the Friday after next', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['Thursday after next', undefined, 'day 2026-03-19T00:00:00-04:00'],
      ['Thursday', undefined, 'day 2026-03-12T00:00:00-04:00'],
      ['next Thursday', undefined, 'day 2026-03-12T00:00:00-04:00'],
      ['Sunday', undefined, 'day 2026-03-08T00:00:00-05:00'],
      ['Monday', undefined, 'day 2026-03-09T00:00:00-04:00'],
      ['in two weeks', undefined, 'day 2026-03-19T00:00:00-04:00'],
      ['in 2 weeks', undefined, 'day 2026-03-19T00:00:00-04:00'],
      ['in 10 days', undefined, 'day 2026-03-15T00:00:00-04:00'],
      ['a week from today', undefined, 'day 2026-03-12T00:00:00-04:00'],
      ['the 20th', undefined, 'day 2026-03-20T00:00:00-04:00'],
      ['Friday the 13th', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['Friday, March 6', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['December 4th', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['december 4', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['Dec 4', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['Dec. 4', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['the 4th of December', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['4 December', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['December 4, 2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['Friday, December 4th, 2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['2026-12-04', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['12/4/2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['12/04/26', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['12/4', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['12-04-2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['January 2', undefined, 'day 2027-01-02T00:00:00-05:00'],
      ['March 5', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['March 4', undefined, 'day 2027-03-04T00:00:00-05:00'],
      ['this afternoon', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['now', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['tomorrow morning', undefined, 'day 2026-03-06T00:00:00-05:00'],

      // With a time inside the date text. After the change 9 AM is 13:00Z, before it 14:00Z.
      ['next Monday at 9am', undefined, '2026-03-09T13:00:00Z = 09:00'],
      ['Monday 9am', undefined, '2026-03-09T13:00:00Z = 09:00'],
      ['Friday at 9am', undefined, '2026-03-06T14:00:00Z = 09:00'],
      ['next Friday at 2pm', undefined, '2026-03-13T18:00:00Z = 14:00'],
      ['next Friday at two', undefined, '2026-03-13T18:00:00Z = 14:00'],
      ['next Wednesday at quarter past ten', undefined, '2026-03-11T14:15:00Z = 10:15'],
      ['tomorrow at two thirty in the afternoon', undefined, '2026-03-06T19:30:00Z = 14:30'],
      ['tomorrow at 2', undefined, '2026-03-06T19:00:00Z = 14:00'],
      ['tonight at 8', undefined, '2026-03-06T01:00:00Z = 20:00'],
      ['Friday at noon', undefined, '2026-03-06T17:00:00Z = 12:00'],
      ['December 4th at 2', undefined, '2026-12-04T19:00:00Z = 14:00'],
      ['December 4, 2026 at 2:30pm', undefined, '2026-12-04T19:30:00Z = 14:30'],
      ['12/4 at 3', undefined, '2026-12-04T20:00:00Z = 15:00'],
      ['2026-12-04T14:00:00Z', undefined, '2026-12-04T14:00:00Z = 09:00'],
      ['today at 11am', undefined, '2026-03-05T16:00:00Z = 11:00'],
      ['in 90 minutes', undefined, '2026-03-05T16:30:00Z = 11:30'],

      // Times given apart, on the Monday after the change (EDT, -04:00).
      ['Monday', '2pm', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '2 PM', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '2 p.m.', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '2p.m', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '2:30 PM', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', '2:30pm', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', '14:00', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '14:00:00', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', '2', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', 'at two', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', 'two', '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', "two o'clock", '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', "2 o'clock", '2026-03-09T18:00:00Z = 14:00'],
      ['Monday', 'two thirty', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', 'two-thirty', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', 'two thirty in the afternoon', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', 'half past two', '2026-03-09T18:30:00Z = 14:30'],
      ['Monday', 'quarter past two', '2026-03-09T18:15:00Z = 14:15'],
      ['Monday', 'a quarter to three', '2026-03-09T18:45:00Z = 14:45'],
      ['Monday', 'ten past nine in the morning', '2026-03-09T13:10:00Z = 09:10'],
      ['Monday', 'five to three', '2026-03-09T18:55:00Z = 14:55'],
      ['Monday', '20 after 4', '2026-03-09T20:20:00Z = 16:20'],
      ['Monday', '2 to 3', '2026-03-09T18:00:00Z = 14:00'], // a range: its start, not 2:58
      ['Monday', 'nine fifteen', '2026-03-09T13:15:00Z = 09:15'],
      ['Monday', 'eleven oh five', '2026-03-09T15:05:00Z = 11:05'],
      ['Monday', 'noon', '2026-03-09T16:00:00Z = 12:00'],
      ['Monday', 'midday', '2026-03-09T16:00:00Z = 12:00'],
      ['Monday', '12', '2026-03-09T16:00:00Z = 12:00'],
      ['Monday', '10 in the morning', '2026-03-09T14:00:00Z = 10:00'],
      ['Monday', 'ten in the morning', '2026-03-09T14:00:00Z = 10:00'],
      ['Monday', '8', '2026-03-09T12:00:00Z = 08:00'],
      ['Monday', '8:30', '2026-03-09T12:30:00Z = 08:30'],
      ['Monday', '7', '2026-03-09T23:00:00Z = 19:00'],
      ['Monday', '07:00', '2026-03-09T11:00:00Z = 07:00'],
      ['Monday', '7 in the morning', '2026-03-09T11:00:00Z = 07:00'],
      ['Monday', 'seven in the evening', '2026-03-09T23:00:00Z = 19:00'],
      ['Monday', '17', '2026-03-09T21:00:00Z = 17:00'],
      ['Monday', '12 am', '2026-03-09T04:00:00Z = 00:00'],
      ['Monday', '2pm EST', '2026-03-09T19:00:00Z = 15:00'],
      // A time given apart wins over one in the date text, unless it cannot be read.
      ['Friday at 10am', '3pm', '2026-03-06T20:00:00Z = 15:00'],
      ['Friday at 10am', 'whenever', '2026-03-06T15:00:00Z = 10:00'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_SPRING_FORWARD)).toBe(expected);
    });
  });

  describe('the spring-forward gap and its neighbours (Sunday 2026-03-08)', () => {
    it.each<Row>([
      // 02:00–02:59 does not exist that night: the wall time moves on by the hour skipped.
      ['Sunday at 2:30 am', undefined, '2026-03-08T07:30:00Z = 03:30'],
      ['March 8', '2:30am', '2026-03-08T07:30:00Z = 03:30'],
      ['March 8', '2:00 AM', '2026-03-08T07:00:00Z = 03:00'],
      ['2026-03-08', '02:59', '2026-03-08T07:59:00Z = 03:59'],
      ['March 8', '1:59 am', '2026-03-08T06:59:00Z = 01:59'],
      ['March 8', '3:00 am', '2026-03-08T07:00:00Z = 03:00'],
      ['Sunday', '9am', '2026-03-08T13:00:00Z = 09:00'],
      ['Saturday', '9am', '2026-03-07T14:00:00Z = 09:00'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_SPRING_FORWARD)).toBe(expected);
    });

    it('"in 4 hours" said at 23:30 EST on the eve is 4 real hours later (04:30 EDT), not 4 on the wall clock', () => {
      expect(read('in 4 hours', undefined, at('2026-03-07T23:30'))).toBe('2026-03-08T08:30:00Z = 04:30');
    });

    it('"tomorrow" said during the evening before is the short day; "today" read in the zone, not in UTC', () => {
      expect(read('tomorrow', undefined, at('2026-03-07T22:00'))).toBe('day 2026-03-08T00:00:00-05:00');
      expect(read('today', undefined, DateTime.fromISO('2026-03-08T03:30:00Z'))).toBe('day 2026-03-07T00:00:00-05:00');
    });
  });

  describe('English, said on Thursday 2026-10-29 10:00 EDT, three days before fall-back', () => {
    it.each<Row>([
      // 01:00–01:59 happens twice on Sunday 2026-11-01: the first (EDT) is meant.
      ['Sunday at 1:30 am', undefined, '2026-11-01T05:30:00Z = 01:30'],
      ['November 1', '1:30 AM', '2026-11-01T05:30:00Z = 01:30'],
      ['November 1st', '1:00 am', '2026-11-01T05:00:00Z = 01:00'],
      ['11/1', '1:59 am', '2026-11-01T05:59:00Z = 01:59'],
      ['November 1', '2:30 am', '2026-11-01T07:30:00Z = 02:30'],
      ['November 1', '12:30 am', '2026-11-01T04:30:00Z = 00:30'],
      ['Sunday', undefined, 'day 2026-11-01T00:00:00-04:00'],
      ['Monday', undefined, 'day 2026-11-02T00:00:00-05:00'],
      ['Friday at 9am', undefined, '2026-10-30T13:00:00Z = 09:00'],
      ['Monday at 9am', undefined, '2026-11-02T14:00:00Z = 09:00'],
      ['next Tuesday', 'nine in the morning', '2026-11-03T14:00:00Z = 09:00'],
      ['in one week', '2pm', '2026-11-05T19:00:00Z = 14:00'],
      ['tomorrow', 'two thirty', '2026-10-30T18:30:00Z = 14:30'],
      ['el lunes', 'a las nueve de la mañana', '2026-11-02T14:00:00Z = 09:00'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_FALL_BACK, date.startsWith('el ') ? 'es' : 'en')).toBe(expected);
    });

    it('"in 3 hours" said at 23:30 EDT on the eve is 3 real hours later (01:30 EST, the second one)', () => {
      expect(read('in 3 hours', undefined, at('2026-10-31T23:30'))).toBe('2026-11-01T06:30:00Z = 01:30');
    });
  });

  describe('Spanish, said on Thursday 2026-03-05 10:00 EST', () => {
    it.each<Row>([
      ['hoy', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['mañana', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['pasado mañana', undefined, 'day 2026-03-07T00:00:00-05:00'],
      ['el viernes', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['viernes', undefined, 'day 2026-03-06T00:00:00-05:00'],
      ['el próximo viernes', undefined, 'day 2026-03-13T00:00:00-04:00'],
      ['el jueves', undefined, 'day 2026-03-12T00:00:00-04:00'],
      ['el domingo', undefined, 'day 2026-03-08T00:00:00-05:00'],
      ['el lunes que viene', undefined, 'day 2026-03-09T00:00:00-04:00'],
      ['4 de diciembre', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['el 4 de diciembre', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['4 de diciembre de 2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['el viernes 4 de diciembre', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['4/12/2026', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['2026-12-04', undefined, 'day 2026-12-04T00:00:00-05:00'],
      ['dentro de dos semanas', undefined, 'day 2026-03-19T00:00:00-04:00'],
      ['en 3 días', undefined, 'day 2026-03-08T00:00:00-05:00'],
      ['el 20', undefined, 'day 2026-03-20T00:00:00-04:00'],
      ['el día 20', undefined, 'day 2026-03-20T00:00:00-04:00'],
      ['esta tarde', undefined, 'day 2026-03-05T00:00:00-05:00'],
      ['el martes por la tarde', undefined, 'day 2026-03-10T00:00:00-04:00'],
      ['el viernes a las dos', undefined, '2026-03-06T19:00:00Z = 14:00'],
      ['mañana a las 3', undefined, '2026-03-06T20:00:00Z = 15:00'],
      ['mañana en la tarde a las 4', undefined, '2026-03-06T21:00:00Z = 16:00'],
      ['mañana a las 10:30', undefined, '2026-03-06T15:30:00Z = 10:30'],
      ['mañana a las diez de la mañana', undefined, '2026-03-06T15:00:00Z = 10:00'],
      ['pasado mañana a las 10', undefined, '2026-03-07T15:00:00Z = 10:00'],
      ['esta noche a las 8', undefined, '2026-03-06T01:00:00Z = 20:00'],
      ['el lunes a las nueve de la mañana', undefined, '2026-03-09T13:00:00Z = 09:00'],
      ['el domingo 8 de marzo a las 2:30 de la madrugada', undefined, '2026-03-08T07:30:00Z = 03:30'],
      ['viernes, 6 de marzo de 2026 a las 16:30', undefined, '2026-03-06T21:30:00Z = 16:30'],
      ['el lunes', 'a las dos de la tarde', '2026-03-09T18:00:00Z = 14:00'],
      ['el lunes', 'a las dos', '2026-03-09T18:00:00Z = 14:00'],
      ['el lunes', 'a las dos y media', '2026-03-09T18:30:00Z = 14:30'],
      ['el lunes', 'dos y media', '2026-03-09T18:30:00Z = 14:30'],
      ['el lunes', 'tres y cuarto', '2026-03-09T19:15:00Z = 15:15'],
      ['el lunes', 'la una menos cuarto', '2026-03-09T16:45:00Z = 12:45'],
      ['el lunes', 'a las diez de la mañana', '2026-03-09T14:00:00Z = 10:00'],
      ['el lunes', 'a las siete de la noche', '2026-03-09T23:00:00Z = 19:00'],
      ['el lunes', 'a las 5 de la tarde', '2026-03-09T21:00:00Z = 17:00'],
      ['el lunes', 'al mediodía', '2026-03-09T16:00:00Z = 12:00'],
      ['el lunes', 'las 14:30', '2026-03-09T18:30:00Z = 14:30'],
      ['el lunes', '16:45', '2026-03-09T20:45:00Z = 16:45'],
      ['el lunes', '2 p. m.', '2026-03-09T18:00:00Z = 14:00'],
      ['el lunes', 'dos', '2026-03-09T18:00:00Z = 14:00'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_SPRING_FORWARD, 'es')).toBe(expected);
    });

    it.each<Row>([
      ['ayer', undefined, 'past_date'],
      ['el viernes pasado', undefined, 'past_date'],
      ['el viernes de la semana pasada', undefined, 'past_date'],
      ['hoy', 'a las 9', 'past_time'],
      ['30 de febrero', undefined, 'impossible_date'],
      ['31 de abril de 2026', undefined, 'impossible_date'],
      ['la semana que viene', undefined, 'unclear_date'],
      ['cuando sea', undefined, 'unclear_date'],
      ['mañana', 'por la tarde', 'unclear_time'],
      ['mañana', 'cuando pueda', 'unclear_time'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_SPRING_FORWARD, 'es')).toBe(expected);
    });

    it('reads day-first numeric dates in Spanish, month-first in English', () => {
      expect(read('4/12/2026', undefined, BEFORE_SPRING_FORWARD, 'es')).toBe('day 2026-12-04T00:00:00-05:00');
      expect(read('4/12/2026', undefined, BEFORE_SPRING_FORWARD, 'en')).toBe('day 2026-04-12T00:00:00-04:00');
    });

    it('falls back to the other language when the first finds nothing', () => {
      expect(read('el viernes a las dos', undefined, BEFORE_SPRING_FORWARD, 'en')).toBe('2026-03-06T19:00:00Z = 14:00');
      expect(read('next Friday at 2pm', undefined, BEFORE_SPRING_FORWARD, 'es')).toBe('2026-03-13T18:00:00Z = 14:00');
      expect(read('Monday', 'a las dos y media', BEFORE_SPRING_FORWARD, 'en')).toBe('2026-03-09T18:30:00Z = 14:30');
    });
  });

  describe('weekdays: the coming one, never today, whatever today is', () => {
    const names = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    const spanish = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

    it.each([0, 1, 2, 3, 4, 5, 6])('said %p days after Monday 2026-03-02', (offset) => {
      const now = at('2026-03-02T12:00').plus({ days: offset });
      for (const [index, name] of names.entries()) {
        for (const [said, language] of [
          [name, 'en'],
          [`el ${spanish[index]}`, 'es'],
        ] as const) {
          const result = parseSpokenDateTime(said, undefined, NY, { now, language });
          if (!result.ok) throw new Error(`${said}: ${result.problem}`);
          expect(result.day.weekday).toBe(index + 1);
          const ahead = Math.round(result.day.diff(now.startOf('day'), 'days').days);
          expect(ahead).toBeGreaterThanOrEqual(1);
          expect(ahead).toBeLessThanOrEqual(7);
        }
      }
    });

    it('"next <weekday>" said on that weekday is a week ahead, as is the bare weekday', () => {
      const friday = at('2026-03-06T09:00');
      expect(read('next Friday', undefined, friday)).toBe('day 2026-03-13T00:00:00-04:00');
      expect(read('Friday', undefined, friday)).toBe('day 2026-03-13T00:00:00-04:00');
      expect(read('el próximo viernes', undefined, friday, 'es')).toBe('day 2026-03-13T00:00:00-04:00');
    });
  });

  describe('what is refused (said on Thursday 2026-03-05 10:00 EST)', () => {
    it.each<Row>([
      ['yesterday', undefined, 'past_date'],
      ['2026-03-04', undefined, 'past_date'],
      ['March 1, 2026', undefined, 'past_date'],
      ['3/4/2026', undefined, 'past_date'],
      ['last Friday', undefined, 'past_date'],
      ['previous Monday', undefined, 'past_date'],
      ['Friday last week', undefined, 'past_date'],
      ['two days ago', undefined, 'past_date'],
      ['2025-12-04', '2pm', 'past_date'],
      ['today', '9am', 'past_time'],
      ['today', '9:59 am', 'past_time'],
      ['today', '10:00', 'past_time'],
      ['today at 8', undefined, 'past_time'],
      ['February 30', undefined, 'impossible_date'],
      ['February 30, 2027', undefined, 'impossible_date'],
      ['the 31st of February', undefined, 'impossible_date'],
      ['2027-02-30', undefined, 'impossible_date'],
      ['2/30/2027', undefined, 'impossible_date'],
      ['April 31st', undefined, 'impossible_date'],
      ['2026-02-29', undefined, 'impossible_date'],
      ['0/10/2030', undefined, 'impossible_date'],
      ['February 30', '2pm', 'impossible_date'],
      ['', undefined, 'unclear_date'],
      ['   ', undefined, 'unclear_date'],
      ['sometime', undefined, 'unclear_date'],
      ['soonish', undefined, 'unclear_date'],
      ['whenever works', undefined, 'unclear_date'],
      ['asdf qwerty', undefined, 'unclear_date'],
      ['Funday', undefined, 'unclear_date'],
      ['32/13/2026', undefined, 'unclear_date'],
      ['15', undefined, 'unclear_date'],
      ['next week', undefined, 'unclear_date'],
      ['next month', undefined, 'unclear_date'],
      ['in December', undefined, 'unclear_date'],
      ['at 2pm', undefined, 'unclear_date'],
      ['Sunday, March 15, 2030', undefined, 'unclear_date'],
      ['tomorrow, Saturday', undefined, 'unclear_date'],
      ['tomorrow', 'sometime', 'unclear_time'],
      ['tomorrow', 'after lunch', 'unclear_time'],
      ['tomorrow', 'morning', 'unclear_time'],
      ['tomorrow', '25:00', 'unclear_time'],
      ['tomorrow', '14:60', 'unclear_time'],
      ['tomorrow', '2:75 pm', 'unclear_time'],
      ['tomorrow', 'pm', 'unclear_time'],
    ])('%p, %p → %s', (date, time, expected) => {
      expect(read(date, time, BEFORE_SPRING_FORWARD)).toBe(expected);
    });

    it('an empty time text is no time at all', () => {
      expect(read('tomorrow', '', BEFORE_SPRING_FORWARD)).toBe('day 2026-03-06T00:00:00-05:00');
      expect(read('tomorrow', '  ', BEFORE_SPRING_FORWARD)).toBe('day 2026-03-06T00:00:00-05:00');
    });

    it('a minute from now today is accepted', () => {
      expect(read('today', '10:01 am', BEFORE_SPRING_FORWARD)).toBe('2026-03-05T15:01:00Z = 10:01');
    });
  });

  describe('days without a year: the next occurrence that exists and fits the weekday', () => {
    it.each([
      ['February 29', '2026-11-24T10:00', '2028-02-29'],
      ['February 29', '2028-02-01T10:00', '2028-02-29'],
      ['Friday, January 8', '2026-12-15T10:00', '2027-01-08'],
      ['Monday, January 8', '2026-12-15T10:00', '2029-01-08'],
      ['January 2', '2026-12-31T20:00', '2027-01-02'],
      ['December 31', '2026-12-31T20:00', '2026-12-31'],
      ['the 31st', '2026-04-10T10:00', '2026-05-31'],
      ['the 30th', '2027-02-10T10:00', '2027-03-30'],
    ])('%p said on %s → %s', (raw, now, expected) => {
      const result = parseSpokenDateTime(raw, undefined, NY, { now: at(now) });
      expect(result.ok && result.day.toISODate()).toBe(expected);
    });
  });

  it('works in any zone: the same words in Tokyo and in Los Angeles', () => {
    const instant = DateTime.fromISO('2026-03-06T01:00:00Z'); // Friday 10:00 in Tokyo, Thursday 17:00 in Los Angeles
    const tokyo = parseSpokenDateTime('tomorrow', '9am', 'Asia/Tokyo', { now: instant });
    const losAngeles = parseSpokenDateTime('tomorrow', '9am', 'America/Los_Angeles', { now: instant });
    expect(outcome(tokyo, 'Asia/Tokyo')).toBe('2026-03-07T00:00:00Z = 09:00');
    expect(outcome(losAngeles, 'America/Los_Angeles')).toBe('2026-03-06T17:00:00Z = 09:00');
  });

  it('refuses a zone that does not exist rather than guess one', () => {
    expect(() => parseSpokenDateTime('tomorrow', '2pm', 'America/Nowhere', { now: BEFORE_SPRING_FORWARD })).toThrow(
      RangeError,
    );
  });

  it('uses the clock when no "now" is given', () => {
    const result = parseSpokenDateTime('tomorrow', '2pm', NY);
    const expected = DateTime.now()
      .setZone(NY)
      .plus({ days: 1 })
      .set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    expect(result.ok && result.startsAt?.toISO()).toBe(expected.toISO());
  });
});

describe('parseSpokenDate (deprecated, kept for current callers)', () => {
  const day = (raw: string, now: DateTime) =>
    parseSpokenDate(raw, NY, now)?.toISO({ suppressMilliseconds: true }) ?? null;
  const wednesday = at('2030-03-06T15:00');

  it.each([
    ['2030-03-15', '2030-03-15T00:00:00-04:00'],
    ['3/15/2030', '2030-03-15T00:00:00-04:00'],
    ['3/15/30', '2030-03-15T00:00:00-04:00'],
    ['March 15th, 2030', '2030-03-15T00:00:00-04:00'],
    ['Friday, March 15, 2030', '2030-03-15T00:00:00-04:00'],
    ['today', '2030-03-06T00:00:00-05:00'],
    ['tomorrow', '2030-03-07T00:00:00-05:00'],
    ['Sunday', '2030-03-10T00:00:00-05:00'],
    ['Monday', '2030-03-11T00:00:00-04:00'],
    ['March 5', '2031-03-05T00:00:00-05:00'],
    // A day with a year is kept even when past: refusing it is the caller's job.
    ['2020-01-15', '2020-01-15T00:00:00-05:00'],
    ['yesterday', '2030-03-05T00:00:00-05:00'],
    ['mañana', '2030-03-07T00:00:00-05:00'],
  ])('%p said on Wednesday 2030-03-06 → %s', (raw, expected) => {
    expect(day(raw, wednesday)).toBe(expected);
  });

  it.each(['February 31', '2030-02-29', 'soonish', 'next week', 'Sunday, March 15, 2030', '', '15'])(
    '%p → null',
    (raw) => {
      expect(day(raw, wednesday)).toBeNull();
    },
  );

  it('takes chrono\'s reading of a swapped day and month ("13/1/2030" is January 13)', () => {
    expect(day('13/1/2030', wednesday)).toBe('2030-01-13T00:00:00-05:00');
  });
});

describe('parseSpokenTime (deprecated, kept for current callers)', () => {
  it.each([
    ['14:00', '14:00'],
    ['9:05', '09:05'],
    ['09:05', '09:05'],
    ['0:30', '00:30'],
    ['23:59', '23:59'],
    ['2pm', '14:00'],
    ['2 P.M.', '14:00'],
    ['2p.m.', '14:00'],
    ['2pm.', '14:00'],
    ['10a.m', '10:00'],
    ['2:30 p.m.', '14:30'],
    ['11:45 am', '11:45'],
    ['12 pm', '12:00'],
    ['12:30 AM', '00:30'],
    ['noon', '12:00'],
    ['Noon', '12:00'],
    ['midday', '12:00'],
    ['10', '10:00'],
    ['17', '17:00'],
    ['2', '14:00'],
    ["2 o'clock", '14:00'],
    ['half past two', '14:30'],
    ['two thirty in the afternoon', '14:30'],
    ['ten in the morning', '10:00'],
    ['a las dos de la tarde', '14:00'],
    ['a las diez y cuarto', '10:15'],
    ['  3 pm  ', '15:00'],
  ])('%p → %p', (raw, expected) => {
    expect(parseSpokenTime(raw)).toBe(expected);
  });

  it.each(['after lunch', 'soon', 'morning', '25:00', '14:60', '2:75 pm', '7:5', '', '   ', 'pm', 'tomorrow'])(
    '%p → null',
    (raw) => {
      expect(parseSpokenTime(raw)).toBeNull();
    },
  );
});

describe('parseDateOfBirth', () => {
  const now = DateTime.fromISO('2026-11-24T12:00', { zone: 'UTC' });

  it.each([
    ['1955-03-15', '1955-03-15'],
    ['3/15/1955', '1955-03-15'],
    ['03/15/1955', '1955-03-15'],
    ['3/15/55', '1955-03-15'],
    ['3/15/05', '2005-03-15'],
    ['3/15/30', '1930-03-15'],
    ['March 15, 1955', '1955-03-15'],
    ['March 15th 1955.', '1955-03-15'],
    ['march 15 1955', '1955-03-15'],
    ['15 March 1955', '1955-03-15'],
    ['the fifteenth of March, 1955', '1955-03-15'],
    ['March 5 1980', '1980-03-05'],
    ['03/05/1980', '1980-03-05'],
    ['1980-03-05', '1980-03-05'],
    ['1980/03/05', '1980-03-05'],
    ['5 de marzo de 1980', '1980-03-05'],
    ['el 5 de marzo de 1980', '1980-03-05'],
    ['15 de marzo de 1955', '1955-03-15'],
    ['Feb 29, 1980', '1980-02-29'],
  ])('%p → %s', (raw, expected) => {
    expect(parseDateOfBirth(raw, now)).toBe(expected);
  });

  it('reads day-first numbers when the caller speaks Spanish', () => {
    expect(parseDateOfBirth('05/03/1980', now, 'es')).toBe('1980-03-05');
    expect(parseDateOfBirth('05/03/1980', now, 'en')).toBe('1980-05-03');
  });

  it.each([
    'March 15',
    '15 de marzo',
    'next year',
    'yesterday',
    '2030-01-01',
    '1955-02-30',
    'February 29, 1981',
    'gibberish',
    '',
  ])('%p is no date of birth', (raw) => {
    expect(parseDateOfBirth(raw, now)).toBeNull();
  });
});
