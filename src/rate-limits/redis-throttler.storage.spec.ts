import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

import { RedisThrottlerStorage } from './redis-throttler.storage';

describe('RedisThrottlerStorage when Redis does not answer', () => {
  let redis: Redis;
  let storage: RedisThrottlerStorage;
  let errors: jest.SpyInstance;

  beforeEach(() => {
    // Nothing listens on port 1: every command fails at once (no offline queue), as in an outage.
    redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    storage = new RedisThrottlerStorage(redis, { prefix: 'voicecrm-unit:' });
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    storage.onModuleDestroy();
    redis.disconnect();
    errors.mockRestore();
  });

  it("fails open to this instance's own counter: callers are let through up to the limit, then refused", async () => {
    const blocked = [];
    for (let n = 0; n < 5; n++) blocked.push((await storage.increment('k', 60_000, 3, 0, 'webhook')).isBlocked);
    expect(blocked).toEqual([false, false, false, true, true]);
  });

  it('logs the outage as an error once, not once per request', async () => {
    for (let n = 0; n < 4; n++) await storage.increment('k', 60_000, 10, 0, 'webhook');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toMatch(/Rate-limit counters in Redis are unavailable.*memory/);
  });
});
