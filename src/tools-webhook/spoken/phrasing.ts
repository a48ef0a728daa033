import type { DateTime } from 'luxon';

import { joinWithAnd, speakable } from './speakable';

/** ", Ana" after a greeting, from the first word of a caller's name; nothing when there is none. */
export function named(name: string | undefined): string {
  const first = speakable(name).split(' ')[0];
  return first ? `, ${first}` : '';
}

/** The sentence offering every time, or the first alone when all would run past 250 characters. */
export function fitted(times: DateTime[], render: (shown: DateTime[]) => string): string {
  const full = render(times);
  return full.length <= 250 || times.length < 2 ? full : render(times.slice(0, 1));
}

/** How a language names offered times: each time, another day, and its word for "or". */
export interface OfferWords {
  clock(time: DateTime): string;
  /** What follows the times of a day other than the reference day: " on Monday, March 18". */
  onOtherDay(day: DateTime, reference: DateTime): string;
  or: string;
}

/**
 * Offered times, in order, grouped by day: "1:30 PM or 2:30 PM" + `onReferenceDay` for those on
 * `reference`'s day, then those of each other day followed by its name.
 */
export function offeredTimes(
  reference: DateTime,
  times: DateTime[],
  onReferenceDay: string,
  words: OfferWords,
): string {
  const days: DateTime[][] = [];
  for (const time of times) {
    const group = days.find((candidate) => candidate[0].hasSame(time, 'day'));
    if (group) group.push(time);
    else days.push([time]);
  }
  return days
    .map(
      (group) =>
        `${joinWithAnd(
          group.map((time) => words.clock(time)),
          words.or,
        )}${group[0].hasSame(reference, 'day') ? onReferenceDay : words.onOtherDay(group[0], reference)}`,
    )
    .join(` ${words.or} `);
}
