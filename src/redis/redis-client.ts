import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The app's one Redis connection for commands; `null` when REDIS_URL is unset. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** What REDIS_CLIENT holds. */
export type RedisClient = Redis | null;

/**
 * A command may wait this long for Redis before it fails: the rate limiter then counts in memory,
 * so a slow Redis costs a tool call at most this much of its 9 s.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * Connects to Redis. Commands fail at once while the connection is down (no offline queue: a
 * live call must not wait for a reconnect) and after REDIS_COMMAND_TIMEOUT_MS when Redis hangs;
 * ioredis reconnects on its own, and the outage and the recovery are each logged once.
 * An unreachable Redis at start does not stop the start.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
  });
  watchConnection(client, logger, 'Redis');
  try {
    await client.connect();
  } catch {
    // Logged by watchConnection; ioredis keeps trying in the background.
  }
  return client;
}

/** Logs the first error of an outage (ioredis emits one per failed reconnect) and the recovery. */
export function watchConnection(client: Redis, logger: Logger, name: string): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    // The URL is not logged: it may hold a password.
    logger.error(`${name} is unreachable (${error.message}); retrying in the background`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.warn(`${name} is reachable again`);
  });
}
