import type { ConfigService } from '@nestjs/config';

import type { EnvironmentVariables } from '../config/environment';
import type { Tenant } from './tenant.entity';
import { TenantSettingsCache } from './tenant-settings.cache';

const config = (ttlMs: number) => ({ get: () => ttlMs }) as unknown as ConfigService<EnvironmentVariables, true>;
const tenant = (language: 'en' | 'es') => ({ platformTenantId: 'clinic', language }) as Tenant;

describe('TenantSettingsCache', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('keeps settings for the TTL, then asks for them again', () => {
    const cache = new TenantSettingsCache(config(5000));
    cache.set(tenant('es'));
    jest.advanceTimersByTime(4999);
    expect(cache.get('clinic')?.language).toBe('es');
    jest.advanceTimersByTime(1);
    expect(cache.get('clinic')).toBeUndefined();
    // The last settings seen stay at hand for answers that cannot wait for the database.
    expect(cache.lastSeen('clinic')?.language).toBe('es');
  });

  it('reads every tenant again after expireAll, keeping the last settings seen', () => {
    const cache = new TenantSettingsCache(config(5000));
    cache.set(tenant('es'));
    cache.expireAll();
    expect(cache.get('clinic')).toBeUndefined();
    expect(cache.lastSeen('clinic')?.language).toBe('es');
  });

  it('forgets a tenant at once when told to', () => {
    const cache = new TenantSettingsCache(config(5000));
    cache.set(tenant('es'));
    cache.forget('clinic');
    expect(cache.get('clinic')).toBeUndefined();
    expect(cache.lastSeen('clinic')).toBeUndefined();
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = new TenantSettingsCache(config(0));
    cache.set(tenant('en'));
    expect(cache.get('clinic')).toBeUndefined();
  });
});
