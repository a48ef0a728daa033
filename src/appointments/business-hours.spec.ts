import { DateTime } from 'luxon';

import {
  atLocalTime,
  beyondHorizon,
  BookingRules,
  bookingRules,
  DEFAULT_BUSINESS_HOURS,
  lastBookableDay,
  openingOn,
  withinHours,
} from './business-hours';

const NEW_YORK = 'America/New_York';
const MADRID = 'Europe/Madrid';
const rules = (zone = NEW_YORK, hours = DEFAULT_BUSINESS_HOURS, horizonDays = 365): BookingRules => ({
  zone,
  hours,
  defaultMinutes: 30,
  horizonDays,
});
const local = (iso: string, zone = NEW_YORK) => DateTime.fromISO(iso, { zone });
const utc = (value: DateTime) => value.toUTC().toISO({ suppressMilliseconds: true });

describe('bookingRules', () => {
  it('is Monday to Friday, 9 to 5, 30 minutes, in the fallback zone for a call of no tenant', () => {
    expect(bookingRules(null, 'America/Chicago')).toEqual({
      zone: 'America/Chicago',
      hours: DEFAULT_BUSINESS_HOURS,
      defaultMinutes: 30,
      horizonDays: 365,
    });
    expect(Object.keys(DEFAULT_BUSINESS_HOURS)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(DEFAULT_BUSINESS_HOURS.mon).toEqual({ opens: '09:00', closes: '17:00' });
  });

  it("takes the tenant's zone, hours, length and horizon", () => {
    const hours = { sat: { opens: '10:00', closes: '14:00' } };
    expect(
      bookingRules(
        { timezone: MADRID, businessHours: hours, appointmentMinutes: 45, bookingHorizonDays: 60 },
        NEW_YORK,
      ),
    ).toEqual({
      zone: MADRID,
      hours,
      defaultMinutes: 45,
      horizonDays: 60,
    });
  });

  it('keeps the defaults for settings a tenant left unset', () => {
    expect(
      bookingRules(
        { timezone: MADRID, businessHours: null, appointmentMinutes: null, bookingHorizonDays: null },
        NEW_YORK,
      ),
    ).toEqual({
      zone: MADRID,
      hours: DEFAULT_BUSINESS_HOURS,
      defaultMinutes: 30,
      horizonDays: 365,
    });
    expect(bookingRules({}, NEW_YORK).zone).toBe(NEW_YORK);
  });
});

describe('beyondHorizon', () => {
  // 23:30 on March 7 in New York is already March 8 in UTC: the days counted are the tenant's.
  const now = local('2031-03-07T23:30');

  it("books up to today plus the horizon, in the tenant's zone, and not a day more", () => {
    expect(lastBookableDay(rules(), now).toISODate()).toBe('2032-03-06');
    expect(beyondHorizon(rules(), local('2032-03-06T16:00'), now)).toBe(false);
    expect(beyondHorizon(rules(), local('2032-03-07'), now)).toBe(true);
    expect(beyondHorizon(rules(NEW_YORK, DEFAULT_BUSINESS_HOURS, 1), local('2031-03-08T16:00'), now)).toBe(false);
    expect(beyondHorizon(rules(NEW_YORK, DEFAULT_BUSINESS_HOURS, 1), local('2031-03-09'), now)).toBe(true);
  });

  it('refuses the far future: December 31, 9999 and 100,000 days ahead', () => {
    expect(beyondHorizon(rules(), local('9999-12-31T10:00'), now)).toBe(true);
    expect(beyondHorizon(rules(), now.plus({ days: 100_000 }), now)).toBe(true);
  });
});

describe('atLocalTime', () => {
  it('places a wall time on a local day in its zone', () => {
    expect(utc(atLocalTime(local('2031-03-07'), '09:00')!)).toBe('2031-03-07T14:00:00Z');
    expect(utc(atLocalTime(local('2031-03-10'), '09:00')!)).toBe('2031-03-10T13:00:00Z');
  });

  it('has no 2:30 on the day the clocks go forward', () => {
    expect(atLocalTime(local('2031-03-09'), '02:30')).toBeNull();
    expect(atLocalTime(local('2031-03-30', MADRID), '02:00')).toBeNull();
    expect(atLocalTime(local('2031-03-09'), '03:00')!.hour).toBe(3);
  });

  it('takes the first 1:30 on the day the clocks go back', () => {
    expect(utc(atLocalTime(local('2031-11-02'), '01:30')!)).toBe('2031-11-02T05:30:00Z');
  });
});

describe('openingOn', () => {
  it.each([
    ['2031-03-07', 'Friday before the change', '2031-03-07T14:00:00Z', '2031-03-07T22:00:00Z'],
    ['2031-03-10', 'Monday after the spring change', '2031-03-10T13:00:00Z', '2031-03-10T21:00:00Z'],
    ['2031-10-31', 'Friday before the autumn change', '2031-10-31T13:00:00Z', '2031-10-31T21:00:00Z'],
    ['2031-11-03', 'Monday after the autumn change', '2031-11-03T14:00:00Z', '2031-11-03T22:00:00Z'],
  ])('opens at 9 and closes at 5 local time on %s (%s)', (day, _label, opens, closes) => {
    const opening = openingOn(rules(), local(day))!;
    expect([utc(opening.opens), utc(opening.closes)]).toEqual([opens, closes]);
  });

  it('is closed at weekends by default, and on days a tenant leaves out or sets to null', () => {
    expect(openingOn(rules(), local('2031-03-08'))).toBeNull();
    expect(openingOn(rules(), local('2031-03-09'))).toBeNull();
    const custom = rules(NEW_YORK, { mon: null, sat: { opens: '10:00', closes: '14:00' } });
    expect(openingOn(custom, local('2031-03-10'))).toBeNull();
    expect(openingOn(custom, local('2031-03-11'))).toBeNull();
    expect(utc(openingOn(custom, local('2031-03-08'))!.opens)).toBe('2031-03-08T15:00:00Z');
  });

  it('reads the weekday in the zone of the tenant, not of the instant given', () => {
    // Saturday 01:00 in Madrid is still Friday evening in New York.
    const instant = DateTime.fromISO('2031-03-08T01:00', { zone: MADRID });
    expect(openingOn(rules(NEW_YORK), instant)).not.toBeNull();
    expect(openingOn(rules(MADRID), instant)).toBeNull();
  });

  it('has three real hours from 1 to 5 on the night the clocks go forward', () => {
    const opening = openingOn(rules(NEW_YORK, { sun: { opens: '01:00', closes: '05:00' } }), local('2031-03-09'))!;
    expect(opening.closes.diff(opening.opens, 'hours').hours).toBe(3);
  });

  it('has five real hours from 0 to 4 on the night the clocks go back', () => {
    const opening = openingOn(rules(NEW_YORK, { sun: { opens: '00:00', closes: '04:00' } }), local('2031-11-02'))!;
    expect(opening.closes.diff(opening.opens, 'hours').hours).toBe(5);
  });
});

describe('withinHours', () => {
  it.each([
    ['2031-03-07T09:00', 30, true],
    ['2031-03-07T16:30', 30, true],
    ['2031-03-07T16:00', 60, true],
    ['2031-03-07T09:00', 480, true],
    ['2031-03-07T16:45', 30, false],
    ['2031-03-07T16:01', 60, false],
    ['2031-03-07T09:00', 481, false],
    ['2031-03-07T08:45', 30, false],
    ['2031-03-07T17:00', 30, false],
    ['2031-03-07T23:30', 30, false],
    ['2031-03-08T10:00', 30, false],
    ['2031-03-10T09:00', 30, true],
    ['2031-11-03T16:30', 30, true],
  ])('%s for %p minutes: %p', (start, minutes, expected) => {
    expect(withinHours(rules(), local(start), minutes)).toBe(expected);
  });

  it('counts real minutes across a clock change', () => {
    const night = rules(NEW_YORK, { sun: { opens: '01:00', closes: '05:00' } });
    expect(withinHours(night, local('2031-03-09T01:00'), 180)).toBe(true);
    expect(withinHours(night, local('2031-03-09T01:00'), 181)).toBe(false);
  });
});
