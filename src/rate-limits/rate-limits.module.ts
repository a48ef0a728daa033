import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';

import type { EnvironmentVariables } from '../config/environment';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis-client';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';
import { LOGIN_ADDRESS_THROTTLER, LOGIN_THROTTLER, WEBHOOK_THROTTLER } from './throttler-names';

const MINUTE_MS = 60_000;

/**
 * The app's rate limits, applied route by route (never as a global guard): WebhookThrottlerGuard
 * on the tools webhook, LoginAddressThrottlerGuard and LoginThrottlerGuard on staff sign-in.
 * Sliding-window counters (SlidingWindowThrottlerStorage: two counters per key, a constant cost
 * per request; no extra block once over: a request is allowed again as soon as the weighted
 * count falls under the limit). With REDIS_URL the counters live in Redis (RedisThrottlerStorage)
 * and every instance counts against the same ones; without it, in this instance's memory, so
 * each instance counts on its own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS_CLIENT],
      useFactory: (config: ConfigService<EnvironmentVariables, true>, redis: RedisClient) => ({
        // Nest calls its onModuleDestroy (the sweep timer stops) as it does for any provider's instance.
        storage: redis
          ? new RedisThrottlerStorage(redis, { prefix: config.get('REDIS_KEY_PREFIX', { infer: true }) })
          : new SlidingWindowThrottlerStorage(),
        throttlers: [
          {
            name: WEBHOOK_THROTTLER,
            ttl: MINUTE_MS,
            limit: config.get('WEBHOOK_RATE_LIMIT_PER_MINUTE', { infer: true }),
            blockDuration: 0,
          },
          {
            name: LOGIN_THROTTLER,
            ttl: 15 * MINUTE_MS,
            limit: config.get('LOGIN_RATE_LIMIT_PER_15_MINUTES', { infer: true }),
            blockDuration: 0,
          },
          {
            name: LOGIN_ADDRESS_THROTTLER,
            ttl: 15 * MINUTE_MS,
            limit: config.get('LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES', { infer: true }),
            blockDuration: 0,
          },
        ],
        // Only Retry-After on a refusal; X-RateLimit-* on every answer would help a password guesser pace itself.
        setHeaders: false,
      }),
    }),
  ],
})
export class RateLimitsModule {}
