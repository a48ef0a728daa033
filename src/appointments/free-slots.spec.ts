import { DateTime } from 'luxon';

import { BookingRules, DEFAULT_BUSINESS_HOURS } from './business-hours';
import { findOffers, freeStartsOn, HeldSteps, isFree, OFFER_HORIZON_DAYS, stepsCovering } from './free-slots';

const ZONE = 'America/New_York';
const RULES: BookingRules = { zone: ZONE, hours: DEFAULT_BUSINESS_HOURS, defaultMinutes: 30, horizonDays: 365 };
// Friday, March 7, 2031; the clocks go forward on Sunday the 9th and back on Sunday, November 2.
const FRIDAY = DateTime.fromISO('2031-03-07', { zone: ZONE });
const LONG_BEFORE = DateTime.fromISO('2031-01-01T08:00', { zone: ZONE });

const at = (iso: string, zone = ZONE) => DateTime.fromISO(iso, { zone });
const clocks = (times: DateTime[]) => times.map((time) => time.toFormat('ccc HH:mm'));

/** The steps that bookings of `minutes` from each local start hold. */
function held(...bookings: Array<[string, number]>): Set<number> {
  return new Set(
    bookings.flatMap(([start, minutes]) => stepsCovering(at(start).toJSDate(), minutes).map((step) => step.getTime())),
  );
}

/** A HeldSteps over a fixed set, recording each window it was asked for. */
function source(steps: Set<number>): HeldSteps & { windows: Array<[string, string]> } {
  const windows: Array<[string, string]> = [];
  const read = async (from: Date, to: Date) => {
    windows.push([from.toISOString(), to.toISOString()]);
    return new Set([...steps].filter((step) => step >= from.getTime() && step < to.getTime()));
  };
  return Object.assign(read, { windows });
}

describe('stepsCovering', () => {
  it.each<[string, number, number, string, string]>([
    ['2031-03-07T14:00:00Z', 30, 6, '14:00', '14:25'],
    ['2031-03-07T14:00:00Z', 5, 1, '14:00', '14:00'],
    ['2031-03-07T14:00:00Z', 480, 96, '14:00', '21:55'],
    // Off the grid: rounded outwards, so it holds one step more.
    ['2031-03-07T14:07:00Z', 30, 7, '14:05', '14:35'],
    ['2031-03-07T14:03:00Z', 2, 1, '14:00', '14:00'],
  ])('%s for %p minutes holds %p steps, %s to %s (UTC)', (start, minutes, count, first, last) => {
    const steps = stepsCovering(new Date(start), minutes);
    expect(steps).toHaveLength(count);
    expect([steps[0].toISOString().slice(11, 16), steps[steps.length - 1].toISOString().slice(11, 16)]).toEqual([
      first,
      last,
    ]);
  });

  it('makes two bookings share a step exactly when they overlap', () => {
    const share = (a: string, aMinutes: number, b: string, bMinutes: number) => {
      const first = new Set(stepsCovering(new Date(a), aMinutes).map((step) => step.getTime()));
      return stepsCovering(new Date(b), bMinutes).some((step) => first.has(step.getTime()));
    };
    expect(share('2031-03-07T14:00:00Z', 30, '2031-03-07T14:30:00Z', 30)).toBe(false);
    expect(share('2031-03-07T14:00:00Z', 30, '2031-03-07T14:25:00Z', 30)).toBe(true);
    expect(share('2031-03-07T14:00:00Z', 45, '2031-03-07T14:30:00Z', 30)).toBe(true);
    expect(share('2031-03-07T14:30:00Z', 30, '2031-03-07T14:00:00Z', 30)).toBe(false);
    expect(share('2031-03-07T13:00:00Z', 120, '2031-03-07T14:00:00Z', 5)).toBe(true);
  });
});

describe('isFree', () => {
  it('is free when no step of the span is held', () => {
    const taken = held(['2031-03-07T14:00', 30]);
    expect(isFree(at('2031-03-07T13:30'), 30, taken)).toBe(true);
    expect(isFree(at('2031-03-07T14:30'), 30, taken)).toBe(true);
    expect(isFree(at('2031-03-07T13:45'), 30, taken)).toBe(false);
    expect(isFree(at('2031-03-07T14:15'), 30, taken)).toBe(false);
    expect(isFree(at('2031-03-07T13:00'), 90, taken)).toBe(false);
  });
});

describe('freeStartsOn', () => {
  it('is every quarter hour from opening to the last start that ends by closing', () => {
    const starts = freeStartsOn(RULES, FRIDAY, 30, new Set(), LONG_BEFORE);
    expect(starts).toHaveLength(31);
    expect(clocks([starts[0], starts[1], starts[30]])).toEqual(['Fri 09:00', 'Fri 09:15', 'Fri 16:30']);
    expect(clocks(freeStartsOn(RULES, FRIDAY, 60, new Set(), LONG_BEFORE)).pop()).toBe('Fri 16:00');
    expect(clocks(freeStartsOn(RULES, FRIDAY, 480, new Set(), LONG_BEFORE))).toEqual(['Fri 09:00']);
    expect(freeStartsOn(RULES, FRIDAY, 481, new Set(), LONG_BEFORE)).toEqual([]);
  });

  it('leaves out what overlaps a booking', () => {
    const starts = clocks(freeStartsOn(RULES, FRIDAY, 30, held(['2031-03-07T14:00', 30]), LONG_BEFORE));
    expect(starts).toContain('Fri 13:30');
    expect(starts).toContain('Fri 14:30');
    expect(starts).not.toContain('Fri 13:45');
    expect(starts).not.toContain('Fri 14:00');
    expect(starts).not.toContain('Fri 14:15');
    expect(starts).toHaveLength(28);
  });

  it('starts after `notBefore` (later today)', () => {
    expect(clocks(freeStartsOn(RULES, FRIDAY, 30, new Set(), at('2031-03-07T12:10')).slice(0, 2))).toEqual([
      'Fri 12:15',
      'Fri 12:30',
    ]);
    expect(clocks(freeStartsOn(RULES, FRIDAY, 30, new Set(), at('2031-03-07T12:15')).slice(0, 1))).toEqual([
      'Fri 12:30',
    ]);
    expect(freeStartsOn(RULES, FRIDAY, 30, new Set(), at('2031-03-07T16:30'))).toEqual([]);
  });

  it('is nothing on a closed day', () => {
    expect(freeStartsOn(RULES, at('2031-03-08'), 30, new Set(), LONG_BEFORE)).toEqual([]);
  });

  it('keeps to the quarter hours of a tenant that opens off them', () => {
    const rules = { ...RULES, hours: { fri: { opens: '08:50', closes: '10:05' } } };
    expect(clocks(freeStartsOn(rules, FRIDAY, 30, new Set(), LONG_BEFORE))).toEqual([
      'Fri 09:00',
      'Fri 09:15',
      'Fri 09:30',
    ]);
  });

  it('skips the hour that does not exist when the clocks go forward, and places each start at its real instant', () => {
    const night = { ...RULES, hours: { sun: { opens: '01:00', closes: '05:00' } } };
    const starts = freeStartsOn(night, at('2031-03-09'), 60, new Set(), LONG_BEFORE);
    // 1:45 for an hour ends at 3:45: the clock jumped from 2 to 3.
    expect(clocks(starts)).toEqual([
      'Sun 01:00',
      'Sun 01:15',
      'Sun 01:30',
      'Sun 01:45',
      'Sun 03:00',
      'Sun 03:15',
      'Sun 03:30',
      'Sun 03:45',
      'Sun 04:00',
    ]);
    expect(starts.map((start) => start.toUTC().toFormat('HH:mm'))).toEqual([
      '06:00',
      '06:15',
      '06:30',
      '06:45',
      '07:00',
      '07:15',
      '07:30',
      '07:45',
      '08:00',
    ]);
  });

  it('offers a repeated hour once when the clocks go back', () => {
    const night = { ...RULES, hours: { sun: { opens: '00:00', closes: '03:00' } } };
    const starts = freeStartsOn(night, at('2031-11-02'), 30, new Set(), LONG_BEFORE);
    expect(clocks(starts).filter((clock) => clock.startsWith('Sun 01:'))).toEqual([
      'Sun 01:00',
      'Sun 01:15',
      'Sun 01:30',
      'Sun 01:45',
    ]);
    expect(new Set(starts.map((start) => start.toMillis())).size).toBe(starts.length);
  });

  it('opens at 9 local time on both sides of a clock change', () => {
    const before = freeStartsOn(RULES, FRIDAY, 30, new Set(), LONG_BEFORE)[0];
    const after = freeStartsOn(RULES, at('2031-03-10'), 30, new Set(), LONG_BEFORE)[0];
    expect([before.toUTC().toISO(), after.toUTC().toISO()]).toEqual([
      '2031-03-07T14:00:00.000Z',
      '2031-03-10T13:00:00.000Z',
    ]);
  });

  it('works in the zone of the rules', () => {
    const madrid = { ...RULES, zone: 'Europe/Madrid' };
    const [first] = freeStartsOn(
      madrid,
      DateTime.fromISO('2031-03-07', { zone: 'Europe/Madrid' }),
      30,
      new Set(),
      LONG_BEFORE,
    );
    expect(first.toUTC().toISO()).toBe('2031-03-07T08:00:00.000Z');
  });
});

describe('findOffers', () => {
  const offers = (
    request: { day?: DateTime; near?: string | null; minutes?: number; now?: DateTime; rules?: BookingRules },
    steps = new Set<number>(),
  ) =>
    findOffers(
      {
        rules: request.rules ?? RULES,
        day: request.day ?? FRIDAY,
        near: request.near ? at(request.near) : null,
        minutes: request.minutes ?? 30,
        now: request.now ?? LONG_BEFORE,
      },
      source(steps),
    );

  it('offers the times either side of a taken one, that day', async () => {
    const found = await offers({ near: '2031-03-07T14:00' }, held(['2031-03-07T14:00', 30]));
    expect(found.day).toBe('open');
    expect(clocks(found.times)).toEqual(['Fri 13:30', 'Fri 14:30']);
  });

  it('offers the nearest free times, whichever side they are on', async () => {
    const found = await offers({ near: '2031-03-07T10:00' }, held(['2031-03-07T09:00', 300]));
    expect(clocks(found.times)).toEqual(['Fri 14:00', 'Fri 14:15']);
    const longer = await offers(
      { near: '2031-03-07T14:00', minutes: 60 },
      held(['2031-03-07T14:00', 60], ['2031-03-07T12:00', 60]),
    );
    expect(clocks(longer.times)).toEqual(['Fri 13:00', 'Fri 15:00']);
  });

  it('offers the last times of the day for one asked after closing, and the first for one before opening', async () => {
    expect(clocks((await offers({ near: '2031-03-07T18:00' })).times)).toEqual(['Fri 16:15', 'Fri 16:30']);
    expect(clocks((await offers({ near: '2031-03-07T07:00' })).times)).toEqual(['Fri 09:00', 'Fri 09:15']);
  });

  it('fits the length asked for: an hour ends by closing', async () => {
    expect(clocks((await offers({ near: '2031-03-07T16:45', minutes: 60 })).times)).toEqual(['Fri 15:45', 'Fri 16:00']);
  });

  it('completes one free time that day with the first of the next open day', async () => {
    const found = await offers({ near: '2031-03-07T14:00' }, held(['2031-03-07T09:00', 450]));
    expect(found.day).toBe('open');
    expect(clocks(found.times)).toEqual(['Fri 16:30', 'Mon 09:00']);
    expect(found.times[1].toISODate()).toBe('2031-03-10');
  });

  it('says a day is closed and offers the next open day', async () => {
    const found = await offers({ day: at('2031-03-08'), near: '2031-03-08T10:00' });
    expect(found.day).toBe('closed');
    expect(found.times.map((time) => time.toFormat('yyyy-MM-dd HH:mm'))).toEqual([
      '2031-03-10 09:00',
      '2031-03-10 09:15',
    ]);
  });

  it('says a day is full and offers the next day with room', async () => {
    const found = await offers({ near: '2031-03-07T10:00' }, held(['2031-03-07T09:00', 480], ['2031-03-10T09:00', 60]));
    expect(found.day).toBe('full');
    expect(found.times.map((time) => time.toFormat('yyyy-MM-dd HH:mm'))).toEqual([
      '2031-03-10 10:00',
      '2031-03-10 10:15',
    ]);
  });

  it('offers the first free times of the day when no time was asked for', async () => {
    const found = await offers({ near: null }, held(['2031-03-07T09:00', 30]));
    expect(found.day).toBe('open');
    expect(clocks(found.times)).toEqual(['Fri 09:30', 'Fri 09:45']);
  });

  it('offers only times still ahead today', async () => {
    const found = await offers({ near: null, now: at('2031-03-07T16:20') });
    expect(clocks(found.times)).toEqual(['Fri 16:30', 'Mon 09:00']);
    const late = await offers({ near: null, now: at('2031-03-07T16:40') });
    expect(late.day).toBe('full');
    expect(clocks(late.times)).toEqual(['Mon 09:00', 'Mon 09:15']);
  });

  it('offers local 9 AM, at its real instant, on the Monday after the clocks went forward', async () => {
    const found = await offers({ near: null, day: at('2031-03-08') });
    expect(found.times.map((time) => time.toUTC().toISO())).toEqual([
      '2031-03-10T13:00:00.000Z',
      '2031-03-10T13:15:00.000Z',
    ]);
  });

  it('offers nothing when no day is open, reading no steps in vain', async () => {
    const steps = source(new Set());
    const found = await findOffers(
      { rules: { ...RULES, hours: {} }, day: FRIDAY, near: null, minutes: 30, now: LONG_BEFORE },
      steps,
    );
    expect(found).toEqual({ day: 'closed', times: [] });
    expect(steps.windows).toHaveLength(1);
  });

  it('offers nothing beyond the horizon, reading the following days a week at a time', async () => {
    const fullFor = (days: number) =>
      held(
        ...Array.from({ length: days }, (_, index): [string, number] => [
          FRIDAY.plus({ days: index }).set({ hour: 9 }).toISO()!.slice(0, 16),
          480,
        ]),
      );
    const steps = source(fullFor(OFFER_HORIZON_DAYS + 1));
    const found = await findOffers({ rules: RULES, day: FRIDAY, near: null, minutes: 30, now: LONG_BEFORE }, steps);
    expect(found).toEqual({ day: 'full', times: [] });
    expect(steps.windows).toHaveLength(1 + OFFER_HORIZON_DAYS / 7);
    // Each read is of whole local days: from midnight in New York.
    expect(steps.windows[0]).toEqual(['2031-03-07T05:00:00.000Z', '2031-03-08T05:00:00.000Z']);
    expect(steps.windows[1]).toEqual(['2031-03-08T05:00:00.000Z', '2031-03-15T04:00:00.000Z']);

    const justInside = await findOffers(
      { rules: RULES, day: FRIDAY, near: null, minutes: 30, now: LONG_BEFORE },
      source(fullFor(OFFER_HORIZON_DAYS - 3)),
    );
    const firstRoom = FRIDAY.plus({ days: OFFER_HORIZON_DAYS - 3 });
    expect(firstRoom.weekday).toBeLessThan(6);
    expect(justInside.times.map((time) => time.toFormat('yyyy-MM-dd HH:mm'))).toEqual([
      `${firstRoom.toISODate()} 09:00`,
      `${firstRoom.toISODate()} 09:15`,
    ]);
  });

  it("offers no day beyond the tenant's booking horizon", async () => {
    // LONG_BEFORE is January 1: 68 days ahead is Monday, March 10, the Monday after FRIDAY.
    const fullToMonday = held(['2031-03-07T09:00', 480], ['2031-03-10T09:00', 480]);
    const request = { day: FRIDAY, near: null, minutes: 30, now: LONG_BEFORE };
    expect(await findOffers({ ...request, rules: { ...RULES, horizonDays: 68 } }, source(fullToMonday))).toEqual({
      day: 'full',
      times: [],
    });
    const oneDayMore = await findOffers({ ...request, rules: { ...RULES, horizonDays: 69 } }, source(fullToMonday));
    expect(clocks(oneDayMore.times)).toEqual(['Tue 09:00', 'Tue 09:15']);
  });

  it('reads the requested day only, when it has the times to offer', async () => {
    const steps = source(new Set());
    await findOffers({ rules: RULES, day: FRIDAY, near: at('2031-03-07T14:00'), minutes: 30, now: LONG_BEFORE }, steps);
    expect(steps.windows).toHaveLength(1);
  });
});
