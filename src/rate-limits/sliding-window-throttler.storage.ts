import { OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerGuard reads back (the package does not export the type from its root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One key's counts: a fixed number of numbers, whatever the number of hits. */
export interface SlidingWindowRecord {
  /** When the current window opened (ms since the epoch); windows are aligned to the key's first hit. */
  windowStart: number;
  /** The window's length (ms), the limit's ttl. */
  ttl: number;
  /** Requests counted in the current window. */
  current: number;
  /** Requests counted in the window before it. */
  previous: number;
  /** Refused until then (ms since the epoch) when the limit has a blockDuration; 0 otherwise. */
  blockedUntil: number;
}

/** How often keys with nothing left to count are dropped. */
export const SWEEP_INTERVAL_MS = 60_000;

/**
 * A ThrottlerStorage with a constant cost per request: a sliding-window counter. Each key keeps
 * two counters, the current window's and the previous one's, and a request is counted while
 * `previous × (the share of the previous window still inside the last ttl) + current` is under
 * the limit. @nestjs/throttler's own storage keeps one timestamp per hit and filters them all on
 * every request, so its cost and memory grow with the rate.
 *
 * Like the default storage, a refused request is not counted (a flood does not push the window
 * further), and with a blockDuration the request over the limit blocks the key for that long.
 * Each fixed window holds at most `limit` requests, so over time the rate is at most `limit`
 * per ttl; a burst at the very end of one window followed by steady requests may see up to
 * twice the limit in one ttl span (the counter assumes the previous window's requests were
 * spread evenly).
 *
 * Keys idle for two windows (and not blocked) are dropped by a sweep every SWEEP_INTERVAL_MS,
 * on a timer that does not keep the process alive and stops when the app closes.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage, OnModuleDestroy, OnApplicationShutdown {
  private readonly records = new Map<string, SlidingWindowRecord>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly sweepIntervalMs = SWEEP_INTERVAL_MS) {}

  /** Keys held now (for tests and metrics). */
  get size(): number {
    return this.records.size;
  }

  /** A key's counts, if held (for tests). */
  recordOf(key: string, throttlerName: string): Readonly<SlidingWindowRecord> | undefined {
    return this.records.get(storageKey(key, throttlerName));
  }

  // The contract is a promise; the work is synchronous, so concurrent requests cannot interleave.
  // eslint-disable-next-line @typescript-eslint/require-await
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.ensureSweep();
    const now = Date.now();
    const id = storageKey(key, throttlerName);
    let record = this.records.get(id);
    if (!record || record.ttl !== ttl || isIdle(record, now)) {
      record = { windowStart: now, ttl, current: 0, previous: 0, blockedUntil: 0 };
      this.records.set(id, record);
    }

    if (record.blockedUntil > now) return refused(record, now, limit + 1, seconds(record.blockedUntil - now));
    if (record.blockedUntil !== 0) {
      // The block is over: start afresh, as @nestjs/throttler's own storage does.
      Object.assign(record, { windowStart: now, current: 0, previous: 0, blockedUntil: 0 });
    }

    roll(record, now);
    const elapsed = now - record.windowStart;
    const estimate = (record.previous * (ttl - elapsed)) / ttl + record.current;
    if (estimate < limit) {
      record.current++;
      return {
        totalHits: Math.ceil(estimate) + 1,
        timeToExpire: seconds(record.windowStart + ttl - now),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }

    const totalHits = Math.max(limit, Math.ceil(estimate)) + 1;
    if (blockDuration > 0) {
      record.blockedUntil = now + blockDuration;
      return refused(record, now, totalHits, seconds(blockDuration));
    }
    return refused(record, now, totalHits, seconds(waitUntilUnder(record, limit, elapsed)));
  }

  /** Drops the keys that have nothing left to count. */
  sweep(now = Date.now()): void {
    for (const [id, record] of this.records) if (isIdle(record, now)) this.records.delete(id);
  }

  onModuleDestroy(): void {
    this.stop();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.records.clear();
  }

  private ensureSweep(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
  }
}

function storageKey(key: string, throttlerName: string): string {
  return `${throttlerName}\u0000${key}`;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Nothing counted in the last two windows and not blocked: the record says nothing any more. */
function isIdle(record: SlidingWindowRecord, now: number): boolean {
  return record.blockedUntil <= now && now >= record.windowStart + 2 * record.ttl;
}

/** Moves the record's windows forward to the one `now` is in. */
function roll(record: SlidingWindowRecord, now: number): void {
  const windows = Math.floor((now - record.windowStart) / record.ttl);
  if (windows <= 0) return;
  record.previous = windows === 1 ? record.current : 0;
  record.current = 0;
  record.windowStart += windows * record.ttl;
}

/**
 * How long (ms) until a request would be counted again, nothing more being counted meanwhile.
 * A refused request never raises `current` past the limit, so at worst that is just after the
 * current window ends (its count then weighs less than the limit after the first millisecond).
 */
function waitUntilUnder(record: SlidingWindowRecord, limit: number, elapsed: number): number {
  const { ttl, current, previous } = record;
  if (current >= limit || previous === 0) return ttl + 1 - elapsed;
  // previous × (ttl − t) / ttl + current < limit  ⇔  t > ttl × (1 − (limit − current) / previous)
  return Math.floor(ttl * (1 - (limit - current) / previous)) + 1 - elapsed;
}

function refused(
  record: SlidingWindowRecord,
  now: number,
  totalHits: number,
  timeToBlockExpire: number,
): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: seconds(record.windowStart + record.ttl - now),
    isBlocked: true,
    timeToBlockExpire,
  };
}
