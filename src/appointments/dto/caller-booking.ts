import type { DateTime } from 'luxon';

import type { Appointment } from '../appointment.entity';
import type { Offers } from '../free-slots';

/** A booking a caller asked for, in normalized values. */
export interface CallerBooking {
  callerName: string;
  /** E.164; null when none could be read from what the caller said (refused with the reason `phone`). */
  phone: string | null;
  purpose: string;
  /** The start, in the tenant's zone. */
  start: DateTime;
  durationMinutes: number;
  notes?: string;
}

/**
 * What became of it: booked, or not with the free times nearest to it. `taken`: another booking
 * holds part of that time; `outside_hours`: it does not fit within the day's opening hours.
 */
export type BookingResult =
  | { kind: 'booked'; appointment: Appointment }
  | { kind: 'unavailable'; reason: 'taken' | 'outside_hours'; offers: Offers };
