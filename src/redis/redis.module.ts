import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { EnvironmentVariables } from '../config/environment';
import { connectRedis, REDIS_CLIENT, type RedisClient } from './redis-client';

/**
 * The Redis connection several instances share state through (REDIS_URL): rate-limit counters
 * and tenant-settings invalidations. Without REDIS_URL, REDIS_CLIENT is `null` and each instance
 * keeps that state in its own memory.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<EnvironmentVariables, true>): Promise<RedisClient> => {
        const url = config.get('REDIS_URL', { infer: true });
        return url ? connectRedis(url, new Logger('Redis')) : null;
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient) {}

  // Nest calls it after the HTTP server has closed: requests still draining could count.
  async onApplicationShutdown(): Promise<void> {
    if (!this.client || this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.client.disconnect();
    }
  }
}
