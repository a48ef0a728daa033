import { ThrottlerStorageService } from '@nestjs/throttler';

import { SlidingWindowThrottlerStorage, SWEEP_INTERVAL_MS } from './sliding-window-throttler.storage';

const MINUTE = 60_000;
const NAME = 'webhook';

describe('SlidingWindowThrottlerStorage', () => {
  let storage: SlidingWindowThrottlerStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2025-06-02T12:00:00Z') });
    storage = new SlidingWindowThrottlerStorage();
  });

  afterEach(() => {
    storage.onModuleDestroy();
    jest.useRealTimers();
  });

  const hit = (key = 'k', limit = 5, blockDuration = 0) => storage.increment(key, MINUTE, limit, blockDuration, NAME);

  async function hits(count: number, key = 'k', limit = 5): Promise<boolean[]> {
    const blocked: boolean[] = [];
    for (let n = 0; n < count; n++) blocked.push((await hit(key, limit)).isBlocked);
    return blocked;
  }

  it('counts exactly the limit in a window and refuses the next one, with the time until the window ends', async () => {
    expect(await hits(5)).toEqual([false, false, false, false, false]);
    jest.advanceTimersByTime(20_000);

    const refused = await hit();

    expect(refused).toMatchObject({ isBlocked: true, totalHits: 6, timeToBlockExpire: 41 });
    // Refused requests are not counted: still refused, and no later.
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 41 });
    expect(storage.recordOf('k', NAME)).toMatchObject({ current: 5, previous: 0 });
  });

  it('lets requests through again as the previous window weighs less, never more than the limit per window', async () => {
    await hits(5);
    // Just at the end of the window the previous count still weighs the whole limit.
    jest.advanceTimersByTime(MINUTE - 1);
    expect((await hit()).isBlocked).toBe(true);
    jest.advanceTimersByTime(1);
    expect((await hit()).isBlocked).toBe(true);
    // 1 ms later it weighs a hair under 5: one more request.
    jest.advanceTimersByTime(1);
    expect(await hits(2)).toEqual([false, true]);
    // A fifth of the way through: 5 × 0.8 + 1 = 5, nothing more until it falls under.
    jest.advanceTimersByTime(12_000 - 1);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    jest.advanceTimersByTime(1);
    expect(await hits(2)).toEqual([false, true]);
    // Halfway: 5 × 0.5 + 2 = 4.5, one more (5.5 after it).
    jest.advanceTimersByTime(18_000);
    expect(await hits(2)).toEqual([false, true]);
    expect(storage.recordOf('k', NAME)).toMatchObject({ previous: 5, current: 3 });
  });

  it('answers Retry-After so that a request at that time is counted', async () => {
    await hits(5);
    jest.advanceTimersByTime(45_500);

    const { timeToBlockExpire } = await hit();
    jest.advanceTimersByTime(timeToBlockExpire * 1000);

    expect((await hit()).isBlocked).toBe(false);
  });

  it('counts each key and each named limit apart', async () => {
    await hits(5, 'a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect((await hit('b')).isBlocked).toBe(false);
    expect((await storage.increment('a', MINUTE, 5, 0, 'login')).isBlocked).toBe(false);
  });

  it('blocks a key for blockDuration once over the limit, then starts afresh', async () => {
    for (let n = 0; n < 3; n++) expect((await hit('k', 3, 5 * MINUTE)).isBlocked).toBe(false);

    expect(await hit('k', 3, 5 * MINUTE)).toMatchObject({ isBlocked: true, timeToBlockExpire: 300 });
    // Past the window, still blocked, for what is left of the block.
    jest.advanceTimersByTime(2 * MINUTE);
    expect(await hit('k', 3, 5 * MINUTE)).toMatchObject({ isBlocked: true, timeToBlockExpire: 180 });
    // A sweep keeps a blocked key even when its windows are long gone.
    jest.advanceTimersByTime(SWEEP_INTERVAL_MS);
    expect(storage.size).toBe(1);

    jest.advanceTimersByTime(2 * MINUTE);
    expect(await hit('k', 3, 5 * MINUTE)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('releases the keys that have nothing left to count, on a sweep', async () => {
    for (let n = 0; n < 1000; n++) await hit(`caller-${n}`);
    expect(storage.size).toBe(1000);

    // One window later they still count (as the previous window).
    jest.advanceTimersByTime(MINUTE);
    await hit('caller-0');
    expect(storage.size).toBe(1000);

    // Two windows after their first request, the sweep (every minute) drops them; caller-0 asked later and stays.
    jest.advanceTimersByTime(SWEEP_INTERVAL_MS);
    expect(storage.size).toBe(1);
    jest.advanceTimersByTime(SWEEP_INTERVAL_MS);
    expect(storage.size).toBe(0);
  });

  it('keeps the same few numbers per key however many requests it counted', async () => {
    await hits(10, 'k', 1_000_000);
    const small = storage.recordOf('k', NAME)!;
    const shape = Object.keys(small).sort();

    await hits(50_000, 'k', 1_000_000);
    jest.advanceTimersByTime(MINUTE);
    await hits(50_000, 'k', 1_000_000);

    const large = storage.recordOf('k', NAME)!;
    expect(Object.keys(large).sort()).toEqual(shape);
    expect(Object.values(large).every((value) => typeof value === 'number')).toBe(true);
    expect(large).toMatchObject({ previous: 50_010, current: 50_000 });
    expect(storage.size).toBe(1);
  });

  it('is what @nestjs/throttler is not: its own storage keeps one entry per request', async () => {
    // The contrast that makes the test above mean something; if the package changes, this says so.
    const theirs = new ThrottlerStorageService();
    try {
      for (let n = 0; n < 100; n++) await theirs.increment('k', MINUTE, 1_000_000, 0, NAME);
      const perKey = (theirs as unknown as { hitExpirations: Map<string, Map<string, number[]>> }).hitExpirations;
      expect(perKey.get('k')?.get(NAME)).toHaveLength(100);
    } finally {
      theirs.onApplicationShutdown();
    }
  });

  it('stops its sweep timer when the app closes', async () => {
    await hit();
    expect(jest.getTimerCount()).toBe(1);

    storage.onModuleDestroy();

    expect(jest.getTimerCount()).toBe(0);
    expect(storage.size).toBe(0);
  });
});
