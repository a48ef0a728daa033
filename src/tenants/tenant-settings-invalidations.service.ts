import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';

import type { EnvironmentVariables } from '../config/environment';
import { REDIS_CLIENT, type RedisClient, watchConnection } from '../redis/redis-client';
import { TenantSettingsCache } from './tenant-settings.cache';

/**
 * A tenant's settings changed through one instance are dropped from every instance's cache at
 * once: with REDIS_URL, the change is published on a Redis channel (`<REDIS_KEY_PREFIX>tenant-settings`,
 * the platform tenant id as the message) that every instance listens to on a connection of its
 * own (a subscribed connection takes no other commands). Without Redis, or while it is down, the
 * others see the change when their cached copy ages out (TENANT_SETTINGS_TTL_MS); after a lost
 * connection every cached tenant is read again, since changes may have been missed meanwhile.
 */
@Injectable()
export class TenantSettingsInvalidationsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TenantSettingsInvalidationsService.name);
  private readonly channel: string;
  private subscriber: Redis | undefined;

  constructor(
    private readonly cache: TenantSettingsCache,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.channel = `${config.get('REDIS_KEY_PREFIX', { infer: true })}tenant-settings`;
  }

  /** Drops the tenant's settings here and, through Redis, in every other instance. */
  async changed(platformTenantId: string): Promise<void> {
    this.cache.forget(platformTenantId);
    if (!this.redis) return;
    try {
      await this.redis.publish(this.channel, platformTenantId);
    } catch (error) {
      this.logger.error(
        `Could not tell the other instances that tenant ${platformTenantId}'s settings changed ` +
          `(${(error as Error).message}); they see the change within TENANT_SETTINGS_TTL_MS`,
      );
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    const subscriber = this.redis.duplicate({ lazyConnect: true, autoResubscribe: false });
    this.subscriber = subscriber;
    watchConnection(subscriber, this.logger, 'Redis (tenant-settings subscriber)');
    subscriber.on('message', (channel: string, platformTenantId: string) => {
      if (channel === this.channel) this.cache.forget(platformTenantId);
    });
    let subscribed: Promise<void> = Promise.resolve();
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // Changes published while the connection was down were missed.
      if (connectedBefore) this.cache.expireAll();
      connectedBefore = true;
      subscribed = this.subscribe(subscriber);
    });
    try {
      await subscriber.connect();
    } catch {
      // Logged by watchConnection; ioredis keeps trying, and subscribes once it connects.
    }
    await subscribed;
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber || subscriber.status === 'end') return;
    try {
      await subscriber.quit();
    } catch {
      subscriber.disconnect();
    }
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      this.logger.error(`Could not subscribe to tenant-settings changes: ${(error as Error).message}`);
    }
  }
}
