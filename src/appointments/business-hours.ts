import { DateTime } from 'luxon';

import { DomainException } from '../common/errors/domain.exception';
import { BusinessHours, Tenant, WEEKDAYS } from '../tenants/tenant.entity';

const NINE_TO_FIVE = { opens: '09:00', closes: '17:00' };

/** A tenant's hours until it sets its own: Monday to Friday, 9:00 to 17:00 in its zone. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
};

/** The length of an appointment booked without one, for a tenant that has not set its own. */
export const DEFAULT_APPOINTMENT_MINUTES = 30;

/** How many days ahead a tenant that has not set its own books. */
export const DEFAULT_BOOKING_HORIZON_DAYS = 365;

/**
 * What a booking must fit: the tenant's zone, its opening hours, its usual appointment length and
 * how many days ahead it books.
 */
export interface BookingRules {
  readonly zone: string;
  readonly hours: BusinessHours;
  readonly defaultMinutes: number;
  readonly horizonDays: number;
}

/** A tenant's booking rules; `fallbackZone` (DEFAULT_TIMEZONE) for a call of no tenant, or a tenant not stored yet. */
export function bookingRules(
  tenant:
    | Partial<Pick<Tenant, 'timezone' | 'businessHours' | 'appointmentMinutes' | 'bookingHorizonDays'>>
    | null
    | undefined,
  fallbackZone: string,
): BookingRules {
  return {
    zone: tenant?.timezone || fallbackZone,
    hours: tenant?.businessHours ?? DEFAULT_BUSINESS_HOURS,
    defaultMinutes: tenant?.appointmentMinutes ?? DEFAULT_APPOINTMENT_MINUTES,
    horizonDays: tenant?.bookingHorizonDays ?? DEFAULT_BOOKING_HORIZON_DAYS,
  };
}

/** The last local day that can be booked: today in the tenant's zone plus its horizon. */
export function lastBookableDay(rules: BookingRules, now: DateTime): DateTime {
  return now.setZone(rules.zone).startOf('day').plus({ days: rules.horizonDays });
}

/** Whether a local day (or any instant on it) lies further ahead than the tenant books. */
export function beyondHorizon(rules: BookingRules, day: DateTime, now: DateTime): boolean {
  return day.setZone(rules.zone).startOf('day') > lastBookableDay(rules, now);
}

/** The refusal of a day beyond the horizon: a 400 naming `date` for staff; a caller is asked for a nearer day. */
export function requireWithinHorizon(rules: BookingRules, day: DateTime, now: DateTime = DateTime.now()): void {
  if (beyondHorizon(rules, day, now))
    throw DomainException.invalid(
      'date',
      `date is more than ${rules.horizonDays} days ahead; appointments are booked at most ${rules.horizonDays} days ahead`,
      'beyond_horizon',
    );
}

export function isBeyondHorizon(error: unknown): boolean {
  return error instanceof DomainException && error.reason === 'beyond_horizon';
}

/**
 * A wall-clock time ("HH:mm") on a local day, in the day's zone. A time the clock passes twice
 * (when daylight saving time ends) is its first; one inside the hour skipped when it starts is
 * moved on by that hour, as luxon does.
 */
function wallTime(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: day.zone },
  );
  return local
    .getPossibleOffsets()
    .reduce((earliest, candidate) => (candidate < earliest ? candidate : earliest), local);
}

/** A wall-clock time ("HH:mm") on a local day (the first of two, as wallTime); null for a time the clock skips. */
export function atLocalTime(day: DateTime, time: string): DateTime | null {
  const local = wallTime(day, time);
  return local.isValid && local.toFormat('HH:mm') === time ? local : null;
}

/** When the business opens and closes on a local day, as instants in its zone; null when it is closed. */
export function openingOn(rules: BookingRules, day: DateTime): { opens: DateTime; closes: DateTime } | null {
  const local = day.setZone(rules.zone);
  const hours = rules.hours[WEEKDAYS[local.weekday - 1]];
  if (!hours) return null;
  const opens = wallTime(local, hours.opens);
  const closes = wallTime(local, hours.closes);
  return opens < closes ? { opens, closes } : null;
}

/** Whether an appointment of `minutes` from `start` lies within the opening hours of its local day. */
export function withinHours(rules: BookingRules, start: DateTime, minutes: number): boolean {
  const opening = openingOn(rules, start);
  return opening !== null && start >= opening.opens && start.plus({ minutes }) <= opening.closes;
}
