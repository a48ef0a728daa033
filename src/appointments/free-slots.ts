import { DateTime } from 'luxon';

import { SLOT_STEP_MINUTES } from './appointment-slot.entity';
import { atLocalTime, BookingRules, lastBookableDay, openingOn } from './business-hours';

/** Times offered to callers lie on this grid of the local clock (9:00, 9:15, 9:30 …). */
export const OFFER_GRID_MINUTES = 15;

/** How far ahead the next open day with a free time is looked for. */
export const OFFER_HORIZON_DAYS = 56;

const STEP_MS = SLOT_STEP_MINUTES * 60_000;

/**
 * The steps an appointment holds: every SLOT_STEP_MINUTES step of the UTC clock that
 * [start, start + minutes) touches. Two appointments overlap exactly when they share a step
 * (starts off the grid round outwards, so such a booking holds a little more, never less).
 */
export function stepsCovering(start: Date, minutes: number): Date[] {
  const end = start.getTime() + minutes * 60_000;
  const steps: Date[] = [];
  for (let step = Math.floor(start.getTime() / STEP_MS) * STEP_MS; step < end; step += STEP_MS)
    steps.push(new Date(step));
  return steps;
}

/** Whether none of the steps of [start, start + minutes) is held. */
export function isFree(start: DateTime, minutes: number, held: ReadonlySet<number>): boolean {
  return stepsCovering(start.toJSDate(), minutes).every((step) => !held.has(step.getTime()));
}

/**
 * The free start times of a local day on the offer grid, in order: within the opening hours
 * (ending by closing time), after `notBefore`, and holding no step already held.
 */
export function freeStartsOn(
  rules: BookingRules,
  day: DateTime,
  minutes: number,
  held: ReadonlySet<number>,
  notBefore: DateTime,
): DateTime[] {
  const local = day.setZone(rules.zone).startOf('day');
  const opening = openingOn(rules, local);
  if (!opening) return [];
  const openingMinute = opening.opens.hour * 60 + opening.opens.minute;
  const starts: DateTime[] = [];
  // On the local clock, so that the offers read 9:00, 9:15 … on a DST day too.
  for (
    let minute = Math.ceil(openingMinute / OFFER_GRID_MINUTES) * OFFER_GRID_MINUTES;
    minute < 24 * 60;
    minute += OFFER_GRID_MINUTES
  ) {
    const start = atLocalTime(
      local,
      `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
    );
    if (!start || start < opening.opens) continue;
    if (start.plus({ minutes }) > opening.closes) break;
    if (start > notBefore && isFree(start, minutes, held)) starts.push(start);
  }
  return starts;
}

/** The held steps of [from, to), as UTC milliseconds. */
export type HeldSteps = (from: Date, to: Date) => Promise<ReadonlySet<number>>;

export interface OfferRequest {
  readonly rules: BookingRules;
  /** The local day the caller asked for. */
  readonly day: DateTime;
  /** The time asked for, when there was one: offers on its day are the nearest to it. */
  readonly near: DateTime | null;
  readonly minutes: number;
  readonly now: DateTime;
  /** How many times to offer (2 unless told). */
  readonly count?: number;
}

export interface Offers {
  /** The day asked for: open with free times, closed, or with no free time left. */
  readonly day: 'open' | 'closed' | 'full';
  /** Up to `count` free start times, in order: on the day asked for first, then the next open days. */
  readonly times: DateTime[];
}

/**
 * Free times to offer a caller: on the day asked for, the nearest to the time asked for (the
 * first of the day when none was given); what that day cannot fill comes from the first free
 * times of the following open days, up to OFFER_HORIZON_DAYS ahead (and not past the tenant's
 * booking horizon).
 */
export async function findOffers(request: OfferRequest, heldSteps: HeldSteps): Promise<Offers> {
  const { rules, minutes, now, near } = request;
  const count = request.count ?? 2;
  const day = request.day.setZone(rules.zone).startOf('day');
  const heldOn = async (first: DateTime, days: number) => heldSteps(first.toJSDate(), first.plus({ days }).toJSDate());

  const sameDay = freeStartsOn(rules, day, minutes, await heldOn(day, 1), now);
  const chosen = (
    near ? [...sameDay].sort((a, b) => distance(a, near) - distance(b, near) || a.toMillis() - b.toMillis()) : sameDay
  ).slice(0, count);
  const state: Offers['day'] = openingOn(rules, day) === null ? 'closed' : sameDay.length === 0 ? 'full' : 'open';

  // The following days a week at a time: one read of the held steps per week looked at; never a
  // day beyond the tenant's booking horizon, which could not be booked.
  const lastOffset = Math.min(OFFER_HORIZON_DAYS, Math.round(lastBookableDay(rules, now).diff(day, 'days').days));
  for (let offset = 1; chosen.length < count && offset <= lastOffset; offset += 7) {
    const first = day.plus({ days: offset });
    const days = Math.min(7, lastOffset - offset + 1);
    if (!Array.from({ length: days }, (_, index) => openingOn(rules, first.plus({ days: index }))).some(Boolean))
      continue;
    const held = await heldOn(first, days);
    for (let index = 0; index < days && chosen.length < count; index += 1) {
      chosen.push(
        ...freeStartsOn(rules, first.plus({ days: index }), minutes, held, now).slice(0, count - chosen.length),
      );
    }
  }
  return { day: state, times: chosen.sort((a, b) => a.toMillis() - b.toMillis()) };
}

function distance(a: DateTime, b: DateTime): number {
  return Math.abs(a.toMillis() - b.toMillis());
}
