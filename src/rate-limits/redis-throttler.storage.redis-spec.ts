import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { RedisThrottlerStorage } from './redis-throttler.storage';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

// Run by `npm run test:redis` (jest.redis.config.js), against the Redis at REDIS_URL.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;
const NAME = 'webhook';
const START = Date.parse('2025-06-02T12:00:00Z');

describe('RedisThrottlerStorage (a real Redis)', () => {
  // A prefix of this run alone: other runs may share the Redis.
  const prefix = `voicecrm-test:${randomUUID()}:`;
  const clients: Redis[] = [];
  let now = START;

  const client = (): Redis => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    clients.push(redis);
    return redis;
  };
  const storageOn = (redis: Redis, clock: (() => number) | undefined = () => now) =>
    new RedisThrottlerStorage(redis, { prefix, clock });

  afterAll(async () => {
    const [first] = clients;
    const keys = await first.keys(`${prefix}*`);
    if (keys.length > 0) await first.del(...keys);
    await Promise.all(clients.map((redis) => redis.quit()));
  });

  beforeEach(() => {
    now = START;
  });

  it('answers exactly as the in-memory counter does, request by request, across windows', async () => {
    const redisStorage = storageOn(client());
    const memory = new SlidingWindowThrottlerStorage();
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      // Times (ms after the start) of a limit of 5 a minute: a burst, refusals, the next windows.
      const steps = [0, 1, 2, 3, 4, 20_000, 20_001, 59_999, 60_000, 60_001, 60_002, 72_000, 72_001, 90_000, 90_001];
      const key = `same-${randomUUID()}`;
      for (const at of [...steps, 150_000, 150_001, 200_000, 400_000]) {
        now = START + at;
        const expected = await memory.increment(key, MINUTE, 5, 0, NAME);
        expect({ at, ...(await redisStorage.increment(key, MINUTE, 5, 0, NAME)) }).toEqual({ at, ...expected });
      }
    } finally {
      spy.mockRestore();
      memory.onModuleDestroy();
    }
  });

  it('weighs the previous window by the share of it still inside the last ttl', async () => {
    const storage = storageOn(client());
    const key = `weighted-${randomUUID()}`;
    for (let n = 0; n < 10; n++) expect((await storage.increment(key, 1000, 10, 0, NAME)).isBlocked).toBe(false);
    expect((await storage.increment(key, 1000, 10, 0, NAME)).isBlocked).toBe(true);

    // A quarter into the next window the previous 10 weigh 7.5: three more (7.5, 8.5, 9.5 < 10), then refused.
    now = START + 1250;
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await storage.increment(key, 1000, 10, 0, NAME));
    expect(answers.map((answer) => answer.isBlocked)).toEqual([false, false, false, true]);
    expect(answers.map((answer) => answer.totalHits)).toEqual([9, 10, 11, 12]);
    expect(await clients[0].hgetall(storage.keyOf(key, NAME))).toMatchObject({
      ws: String(START + 1000),
      cur: '3',
      prev: '10',
      bu: '0',
    });
  });

  it('counts once for two instances on one key: together they allow the limit, not twice it', async () => {
    const first = storageOn(client());
    const second = storageOn(client());
    const key = `shared-${randomUUID()}`;
    const blocked = [];
    for (let n = 0; n < 10; n++)
      blocked.push((await (n % 2 === 0 ? first : second).increment(key, MINUTE, 6, 0, NAME)).isBlocked);
    expect(blocked).toEqual([false, false, false, false, false, false, true, true, true, true]);
    expect(await clients[0].hget(first.keyOf(key, NAME), 'cur')).toBe('6');
  });

  it('lets its keys expire two windows after the current one opened', async () => {
    const storage = storageOn(client());
    const key = `expiry-${randomUUID()}`;
    await storage.increment(key, MINUTE, 5, 0, NAME);
    now = START + 30_000;
    await storage.increment(key, MINUTE, 5, 0, NAME);
    const pttl = await clients[0].pttl(storage.keyOf(key, NAME));
    // Two windows from the window's start (START), measured from the last request (START + 30 s).
    expect(pttl).toBeGreaterThan(89_000);
    expect(pttl).toBeLessThanOrEqual(90_000);
  });

  it("on Redis's own clock, the key is gone once it has nothing to count, and counting starts afresh", async () => {
    const redis = client();
    const storage = storageOn(redis, undefined);
    const key = `clock-${randomUUID()}`;
    for (let n = 0; n < 3; n++) await storage.increment(key, 100, 3, 0, NAME);
    expect((await storage.increment(key, 100, 3, 0, NAME)).isBlocked).toBe(true);

    let exists = 1;
    for (let tries = 0; tries < 100 && exists === 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      exists = await redis.exists(storage.keyOf(key, NAME));
    }
    expect(exists).toBe(0);
    expect(await storage.increment(key, 100, 3, 0, NAME)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('with a blockDuration, blocks the key that long and keeps it until the block ends', async () => {
    const storage = storageOn(client());
    const key = `block-${randomUUID()}`;
    await storage.increment(key, 1000, 1, 300_000, NAME);
    expect(await storage.increment(key, 1000, 1, 300_000, NAME)).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 300,
    });
    now = START + 100_000;
    expect(await storage.increment(key, 1000, 1, 300_000, NAME)).toMatchObject({
      isBlocked: true,
      totalHits: 2,
      timeToBlockExpire: 200,
    });
    expect(await clients[0].pttl(storage.keyOf(key, NAME))).toBeGreaterThan(1000);
    now = START + 300_001;
    expect(await storage.increment(key, 1000, 1, 300_000, NAME)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });
});
