import fc from 'fast-check';

import { MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles the window each attempt', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000, middle))).toEqual([750, 1500, 3000, 6000]);
  });

  it('stays between half and all of the window, and never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 100, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, base, random) => {
          const window = Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (attempt - 1));
          const delay = retryDelayMs(attempt, base, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(window / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(window));
          expect(delay).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
        },
      ),
    );
  });

  it('spreads texts that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, 5000)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
