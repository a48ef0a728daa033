import { Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

/** What ThrottlerGuard reads back (the package does not export the type from its root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * SlidingWindowThrottlerStorage's counter, in one Redis hash per key, read and written by one
 * script so that concurrent requests of every instance count atomically:
 * ws (current window's start, ms), ttl, cur and prev (the two windows' counts), bu (blocked until,
 * ms; 0 when not blocked). The time is Redis's own (TIME), so the instances' clocks do not matter,
 * unless ARGV[4] gives one (tests). The key expires (PEXPIRE) when it has nothing left to count:
 * two windows after the current one opened, or when its block ends.
 *
 * Returns { totalHits, timeToExpire (ms), isBlocked (0/1), timeToBlockExpire (ms) }.
 */
const SLIDING_WINDOW_SCRIPT = `
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local stored = redis.call('HMGET', KEYS[1], 'ws', 'ttl', 'cur', 'prev', 'bu')
local ws, storedTtl = tonumber(stored[1]), tonumber(stored[2])
local cur, prev, bu = tonumber(stored[3]) or 0, tonumber(stored[4]) or 0, tonumber(stored[5]) or 0
if not ws or storedTtl ~= ttl or (bu <= now and now >= ws + 2 * ttl) then
  ws, cur, prev, bu = now, 0, 0, 0
end

if bu > now then
  return { limit + 1, ws + ttl - now, 1, bu - now }
end
if bu ~= 0 then
  -- The block is over: start afresh, as @nestjs/throttler's own storage does.
  ws, cur, prev, bu = now, 0, 0, 0
end

local windows = math.floor((now - ws) / ttl)
if windows > 0 then
  if windows == 1 then prev = cur else prev = 0 end
  cur = 0
  ws = ws + windows * ttl
end
-- An instance's clock behind the window's start (ARGV[4]) counts as its start.
local elapsed = math.max(0, now - ws)
local estimate = prev * (ttl - elapsed) / ttl + cur

local result
if estimate < limit then
  cur = cur + 1
  result = { math.ceil(estimate) + 1, ws + ttl - now, 0, 0 }
else
  local totalHits = math.max(limit, math.ceil(estimate)) + 1
  if blockDuration > 0 then
    bu = now + blockDuration
    result = { totalHits, ws + ttl - now, 1, blockDuration }
  elseif cur >= limit or prev == 0 then
    result = { totalHits, ws + ttl - now, 1, ttl + 1 - elapsed }
  else
    result = { totalHits, ws + ttl - now, 1, math.floor(ttl * (1 - (limit - cur) / prev)) + 1 - elapsed }
  end
end

redis.call('HSET', KEYS[1], 'ws', ws, 'ttl', ttl, 'cur', cur, 'prev', prev, 'bu', bu)
redis.call('PEXPIRE', KEYS[1], math.max(ws + 2 * ttl, bu) - now)
return result
`;

const COMMAND = 'voicecrmSlidingWindow';

type ScriptReply = [totalHits: number, timeToExpireMs: number, isBlocked: number, timeToBlockExpireMs: number];

interface RedisWithScript {
  [COMMAND](key: string, ttl: number, limit: number, blockDuration: number, now: string): Promise<ScriptReply>;
}

export interface RedisThrottlerStorageOptions {
  /** Prefix of the keys (REDIS_KEY_PREFIX); `rl:` and the limit's name follow it. */
  prefix: string;
  /** The time (ms) to count at; unset: Redis's own clock, the same for every instance. */
  clock?: () => number;
}

/**
 * The rate-limit counters in Redis, shared by every instance on it: N instances together allow
 * the configured rate, not N times it. The same sliding-window counter as
 * SlidingWindowThrottlerStorage (two counters per key, a constant cost per request, a refused
 * request not counted, blockDuration 0: no extra block), run atomically by one Lua script
 * (EVALSHA, loaded on first use).
 *
 * When Redis fails to answer (down, or slower than the client's command timeout) the request is
 * counted in this instance's memory instead, so the limit holds per instance until Redis answers
 * again: a caller on a live phone call is not refused because the limiter's store is down. The
 * outage is logged as an error once, and the recovery once.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly fallback = new SlidingWindowThrottlerStorage();
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisThrottlerStorageOptions,
  ) {
    // Idempotent per connection: a second storage on the same client reuses the command.
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SLIDING_WINDOW_SCRIPT });
  }

  /** The Redis key of a tracker's counter under one named limit. */
  keyOf(key: string, throttlerName: string): string {
    return `${this.options.prefix}rl:${throttlerName}:${key}`;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let reply: ScriptReply;
    try {
      reply = await (this.redis as unknown as RedisWithScript)[COMMAND](
        this.keyOf(key, throttlerName),
        ttl,
        limit,
        blockDuration,
        this.options.clock ? String(this.options.clock()) : '',
      );
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.error(
          `Rate-limit counters in Redis are unavailable (${(error as Error).message}): ` +
            "counting in this instance's memory until Redis answers (the limit holds per instance, not across them)",
        );
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (this.failing) {
      this.failing = false;
      this.logger.warn('Rate-limit counters in Redis answer again: counting across instances');
    }
    const [totalHits, timeToExpireMs, isBlocked, timeToBlockExpireMs] = reply;
    return {
      totalHits,
      timeToExpire: seconds(timeToExpireMs),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: isBlocked === 1 ? seconds(timeToBlockExpireMs) : 0,
    };
  }

  onModuleDestroy(): void {
    this.fallback.onModuleDestroy();
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
