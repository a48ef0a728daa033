import { ConfigService } from '@nestjs/config';

import type { EnvironmentVariables } from '../config/environment';
import { TenantCallSlots } from './tenant-call-slots';

function slotsWith(concurrency: number, queue: number): TenantCallSlots {
  const values: Partial<EnvironmentVariables> = {
    WEBHOOK_CONCURRENCY_PER_TENANT: concurrency,
    WEBHOOK_QUEUE_PER_TENANT: queue,
    WEBHOOK_DEADLINE_MS: 8000,
  };
  return new TenantCallSlots(new ConfigService<EnvironmentVariables, true>(values));
}

describe('TenantCallSlots', () => {
  afterEach(() => jest.useRealTimers());

  it('gives each tenant its own slots: one tenant at its bound leaves another untouched', async () => {
    const slots = slotsWith(2, 0);
    expect(await slots.acquire('a')).not.toBeNull();
    expect(await slots.acquire('a')).not.toBeNull();
    expect(await slots.acquire('a')).toBeNull();
    expect(await slots.acquire('b')).not.toBeNull();
    expect(slots.load('a')).toEqual({ inFlight: 2, waiting: 0 });
    expect(slots.load('b')).toEqual({ inFlight: 1, waiting: 0 });
  });

  it('hands a released slot to the first waiter, in arrival order, and forgets an idle tenant', async () => {
    const slots = slotsWith(1, 2);
    const first = await slots.acquire('a');
    const order: string[] = [];
    const second = slots.acquire('a').then((release) => (order.push('second'), release));
    const third = slots.acquire('a').then((release) => (order.push('third'), release));
    expect(await slots.acquire('a')).toBeNull();
    expect(slots.load('a')).toEqual({ inFlight: 1, waiting: 2 });
    first!();
    first!();
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(slots.load('a')).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('refuses a waiter whose wait ran out, and leaves its place to the next', async () => {
    jest.useFakeTimers();
    const slots = slotsWith(1, 1);
    const held = await slots.acquire('a');
    const waiter = slots.acquire('a');
    jest.advanceTimersByTime(slots.maxWaitMs);
    expect(await waiter).toBeNull();
    expect(slots.load('a')).toEqual({ inFlight: 1, waiting: 0 });
    const next = slots.acquire('a');
    held!();
    expect(await next).not.toBeNull();
  });
});
