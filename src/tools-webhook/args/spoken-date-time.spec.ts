import { DateTime } from 'luxon';
import { parseDateOfBirth, parseSpokenDate, parseSpokenTime } from './spoken-date-time';

const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone });
const day = (raw: string, now: DateTime, zone = NY) => parseSpokenDate(raw, zone, now)?.toISODate() ?? null;

describe('parseSpokenDate', () => {
  describe('days with a year', () => {
    const now = at('2030-03-06T15:00'); // a Wednesday

    it.each([
      '2030-03-15',
      '2030-3-15',
      '3/15/2030',
      '03/15/2030',
      '3/15/30',
      '3-15-2030',
      'March 15, 2030',
      'March 15 2030',
      'march 15, 2030',
      'MARCH 15, 2030',
      'March 15th, 2030',
      'March 15th 2030',
      'Mar 15, 2030',
      'Mar 15 2030',
      'Friday, March 15, 2030',
      'Friday, March 15th, 2030',
      '  March 15,   2030  ',
    ])('%p → 2030-03-15', (raw) => {
      expect(day(raw, now)).toBe('2030-03-15');
    });

    it.each([
      ['April 1st, 2030', '2030-04-01'],
      ['April 2nd, 2030', '2030-04-02'],
      ['April 3rd, 2030', '2030-04-03'],
      ['December 31st, 2030', '2030-12-31'],
      ['2/29/2032', '2032-02-29'],
      ['12/4/2030', '2030-12-04'],
    ])('%p → %p', (raw, expected) => {
      expect(day(raw, now)).toBe(expected);
    });

    it("keeps a day already past as said (refusing it is the service's job)", () => {
      expect(day('2020-01-15', now)).toBe('2020-01-15');
      expect(day('March 1, 2030', now)).toBe('2030-03-01');
    });

    it('answers the start of that day in the zone', () => {
      const parsed = parseSpokenDate('March 15th, 2030', NY, now);
      expect(parsed?.zoneName).toBe(NY);
      expect(parsed?.toISO()).toBe('2030-03-15T00:00:00.000-04:00');
    });
  });

  describe('today and tomorrow', () => {
    it.each([
      ['today', '2030-03-06'],
      ['Today', '2030-03-06'],
      [' TODAY ', '2030-03-06'],
      ['tomorrow', '2030-03-07'],
      ['Tomorrow', '2030-03-07'],
    ])('%p on Wednesday 2030-03-06 → %p', (raw, expected) => {
      expect(day(raw, at('2030-03-06T15:00'))).toBe(expected);
    });

    it('rolls over the end of a month and of a year', () => {
      expect(day('tomorrow', at('2030-02-28T09:00'))).toBe('2030-03-01');
      expect(day('tomorrow', at('2030-12-31T23:59'))).toBe('2031-01-01');
      expect(day('tomorrow', at('2032-02-28T09:00'))).toBe('2032-02-29');
    });

    it('reads "today" in the zone, not in UTC (an evening in New York is already tomorrow in UTC)', () => {
      const evening = DateTime.fromISO('2030-07-05T02:30:00Z'); // 22:30 on July 4 in New York
      expect(day('today', evening)).toBe('2030-07-04');
      expect(day('tomorrow', evening)).toBe('2030-07-05');
      expect(day('today', evening, 'UTC')).toBe('2030-07-05');
    });
  });

  describe('around daylight-saving changes in America/New_York', () => {
    it('"tomorrow" on the eve of spring-forward is the short day, at its midnight', () => {
      const parsed = parseSpokenDate('tomorrow', NY, at('2030-03-09T22:00')); // Sat, EST
      expect(parsed?.toISO()).toBe('2030-03-10T00:00:00.000-05:00');
    });

    it('"tomorrow" on the day of spring-forward is the next day at midnight, in daylight time', () => {
      const parsed = parseSpokenDate('tomorrow', NY, at('2030-03-10T12:00'));
      expect(parsed?.toISO()).toBe('2030-03-11T00:00:00.000-04:00');
    });

    it('"today" late on the eve of spring-forward, given as a UTC instant, is still that eve', () => {
      expect(day('today', DateTime.fromISO('2030-03-10T03:30:00Z'))).toBe('2030-03-09');
    });

    it('"today" and "tomorrow" during the repeated hour of fall-back', () => {
      const firstOneThirty = DateTime.fromISO('2030-11-03T05:30:00Z'); // 01:30 EDT
      const secondOneThirty = DateTime.fromISO('2030-11-03T06:30:00Z'); // 01:30 EST
      for (const now of [firstOneThirty, secondOneThirty]) {
        expect(day('today', now)).toBe('2030-11-03');
        expect(parseSpokenDate('tomorrow', NY, now)?.toISO()).toBe('2030-11-04T00:00:00.000-05:00');
      }
    });

    it('"today" at 23:30 on the fall-back day (04:30 UTC the next day) is the fall-back day', () => {
      expect(day('today', DateTime.fromISO('2030-11-04T04:30:00Z'))).toBe('2030-11-03');
    });

    it('a weekday across spring-forward lands on its midnight', () => {
      const parsed = parseSpokenDate('Sunday', NY, at('2030-03-08T10:00')); // Friday
      expect(parsed?.toISO()).toBe('2030-03-10T00:00:00.000-05:00');
      expect(parseSpokenDate('Monday', NY, at('2030-03-08T10:00'))?.toISO()).toBe('2030-03-11T00:00:00.000-04:00');
    });

    it('a weekday across fall-back lands on its midnight', () => {
      const parsed = parseSpokenDate('Monday', NY, at('2030-11-01T10:00')); // Friday
      expect(parsed?.toISO()).toBe('2030-11-04T00:00:00.000-05:00');
    });
  });

  describe('weekday words: the next occurrence, never today', () => {
    const friday = at('2030-03-08T10:00');

    it.each([
      ['Friday', '2030-03-15'],
      ['friday', '2030-03-15'],
      ['FRIDAY', '2030-03-15'],
      ['next friday', '2030-03-15'],
      ['Next Friday', '2030-03-15'],
      ['this Friday', '2030-03-15'],
      ['on Friday', '2030-03-15'],
      ['Saturday', '2030-03-09'],
      ['Sunday', '2030-03-10'],
      ['Monday', '2030-03-11'],
      ['on monday', '2030-03-11'],
      ['Tuesday', '2030-03-12'],
      ['next Wednesday', '2030-03-13'],
      ['Thursday', '2030-03-14'],
    ])('%p said on Friday 2030-03-08 → %p', (raw, expected) => {
      expect(day(raw, friday)).toBe(expected);
    });

    it.each([
      ['2030-03-04T09:00', '2030-03-08'], // Monday
      ['2030-03-06T09:00', '2030-03-08'], // Wednesday
      ['2030-03-07T23:59', '2030-03-08'], // Thursday, a minute before midnight
      ['2030-03-08T00:00', '2030-03-15'], // Friday, at midnight
      ['2030-03-09T12:00', '2030-03-15'], // Saturday
    ])('"Friday" said at %s → %s', (now, expected) => {
      const parsed = parseSpokenDate('Friday', NY, at(now));
      expect(parsed?.toISODate()).toBe(expected);
      expect(parsed?.weekday).toBe(5);
      expect(parsed! > at(now)).toBe(true);
    });

    it('is never today, whatever today is', () => {
      const names = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
      for (let offset = 0; offset < 7; offset += 1) {
        const now = at('2030-03-04T12:00').plus({ days: offset });
        for (const [index, name] of names.entries()) {
          const parsed = parseSpokenDate(name, NY, now);
          expect(parsed?.weekday).toBe(index + 1);
          const ahead = parsed!.diff(now.startOf('day'), 'days').days;
          expect(ahead).toBeGreaterThanOrEqual(1);
          expect(ahead).toBeLessThanOrEqual(7);
        }
      }
    });
  });

  describe('days without a year: the next occurrence', () => {
    const now = at('2030-06-01T12:00'); // Saturday, June 1

    it.each([
      ['March 15', '2031-03-15'],
      ['march 15th', '2031-03-15'],
      ['Mar 15', '2031-03-15'],
      ['3/15', '2031-03-15'],
      ['May 31', '2031-05-31'],
      ['January 1st', '2031-01-01'],
      ['June 1', '2030-06-01'],
      ['June 2nd', '2030-06-02'],
      ['December 4th', '2030-12-04'],
      ['Dec 4', '2030-12-04'],
      ['12/4', '2030-12-04'],
    ])('%p said on 2030-06-01 → %p', (raw, expected) => {
      expect(day(raw, now)).toBe(expected);
    });

    it('reads the next occurrence in the zone, at midnight', () => {
      const parsed = parseSpokenDate('December 4th', NY, now);
      expect(parsed?.toISO()).toBe('2030-12-04T00:00:00.000-05:00');
    });

    it('rolls "January 2" said on New Year\'s Eve into the next year', () => {
      expect(day('January 2', at('2030-12-31T20:00'))).toBe('2031-01-02');
      expect(day('December 31', at('2030-12-31T20:00'))).toBe('2030-12-31');
    });
  });

  describe('what is not a day', () => {
    const now = at('2030-03-06T15:00');

    it.each([
      'the 31st of February',
      'February 31',
      'February 30, 2030',
      '2030-02-30',
      '2030-02-29',
      '2/29/2030',
      '2030-13-01',
      '13/1/2030',
      '0/10/2030',
      'soonish',
      'whenever',
      'next week',
      'yesterday',
      'Funday',
      'next month',
      'Sunday, March 15, 2030',
      '',
      '   ',
      '15',
    ])('%p → null', (raw) => {
      expect(parseSpokenDate(raw, NY, now)).toBeNull();
    });
  });
});

describe('parseSpokenTime', () => {
  it.each([
    ['14:00', '14:00'],
    ['9:05', '09:05'],
    ['09:05', '09:05'],
    ['0:30', '00:30'],
    ['23:59', '23:59'],
    ['14:00:00', '14:00'],
    ['2pm', '14:00'],
    ['2PM', '14:00'],
    ['2 pm', '14:00'],
    ['2 PM', '14:00'],
    ['2 p.m.', '14:00'],
    ['2 P.M.', '14:00'],
    ['2:30 PM', '14:30'],
    ['2:30pm', '14:30'],
    ['2:30 p.m.', '14:30'],
    ['11:45 am', '11:45'],
    ['9 a.m.', '09:00'],
    ['12 pm', '12:00'],
    ['12 PM', '12:00'],
    ['12 am', '00:00'],
    ['12:30 AM', '00:30'],
    ['noon', '12:00'],
    ['Noon', '12:00'],
    ['midday', '12:00'],
    ['10', '10:00'],
    ['17', '17:00'],
    ['  3 pm  ', '15:00'],
  ])('%p → %p', (raw, expected) => {
    expect(parseSpokenTime(raw)).toBe(expected);
  });

  it.each(['after lunch', 'soon', 'morning', '25:00', '14:60', '2:75 pm', '7:5', "2 o'clock", 'half past two', '', '   ', 'pm'])('%p → null', (raw) => {
    expect(parseSpokenTime(raw)).toBeNull();
  });
});

describe('days without a year, checked against the year they fall in', () => {
  it.each([
    ['Friday, January 8', '2026-12-15T10:00', '2027-01-08'],
    ['Friday, December 6', '2030-11-01T10:00', '2030-12-06'],
    ['February 29', '2028-06-01T10:00', '2032-02-29'],
    ['February 29', '2026-11-24T10:00', '2028-02-29'],
    ['February 29', '2028-02-01T10:00', '2028-02-29'],
    // January 8 next falls on a Monday in 2029.
    ['Monday, January 8', '2026-12-15T10:00', '2029-01-08'],
  ])('%p said on %s → %s', (raw, now, expected) => {
    expect(day(raw, at(now))).toBe(expected);
  });
});

describe('parseSpokenTime with dotted and trailing-period meridiems', () => {
  it.each([
    ['2p.m.', '14:00'],
    ['2pm.', '14:00'],
    ['2:30p.m.', '14:30'],
    ['10 a.m.', '10:00'],
    ['10a.m', '10:00'],
  ])('%p → %s', (raw, expected) => {
    expect(parseSpokenTime(raw)).toBe(expected);
  });
});

describe('parseDateOfBirth', () => {
  const now = DateTime.fromISO('2026-11-24T12:00', { zone: 'UTC' });

  it.each([
    ['1955-03-15', '1955-03-15'],
    ['3/15/1955', '1955-03-15'],
    ['3/15/55', '1955-03-15'],
    ['3/15/05', '2005-03-15'],
    ['March 15, 1955', '1955-03-15'],
    ['March 15th 1955.', '1955-03-15'],
  ])('%p → %s', (raw, expected) => {
    expect(parseDateOfBirth(raw, now)).toBe(expected);
  });

  it.each(['March 15', 'next year', '2030-01-01', '1955-02-30'])('%p is no date of birth', (raw) => {
    expect(parseDateOfBirth(raw, now)).toBeNull();
  });
});
