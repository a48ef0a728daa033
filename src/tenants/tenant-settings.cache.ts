import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { EnvironmentVariables } from '../config/environment';
import type { Tenant } from './tenant.entity';

interface Entry {
  readonly tenant: Tenant;
  readonly expiresAt: number;
}

/**
 * Tenants' settings by platform tenant id, for the reads every tool call makes. Each instance
 * keeps its own copy: a change made through this instance is dropped from it at once. One made
 * through another instance is dropped at once too with REDIS_URL (TenantSettingsInvalidationsService);
 * without it, or while Redis is down, it is seen here once the entry has aged out, so no
 * instance uses settings older than TENANT_SETTINGS_TTL_MS (0: no cache, every read goes to the
 * database).
 */
@Injectable()
export class TenantSettingsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.ttlMs = config.get('TENANT_SETTINGS_TTL_MS', { infer: true });
  }

  /** The cached settings while they are fresh enough. */
  get(platformTenantId: string): Tenant | undefined {
    const entry = this.entries.get(platformTenantId);
    return entry && entry.expiresAt > performance.now() ? entry.tenant : undefined;
  }

  /**
   * The last settings seen, however old: only for what cannot wait for the database (the
   * language of an answer to a call that is failing).
   */
  lastSeen(platformTenantId: string): Tenant | undefined {
    return this.entries.get(platformTenantId)?.tenant;
  }

  set(tenant: Tenant): void {
    if (this.ttlMs === 0) return;
    this.entries.set(tenant.platformTenantId, { tenant, expiresAt: performance.now() + this.ttlMs });
  }

  forget(platformTenantId: string): void {
    this.entries.delete(platformTenantId);
  }

  /** Every entry is read again on its next use (the last settings seen stay at hand). */
  expireAll(): void {
    for (const [id, entry] of this.entries) this.entries.set(id, { tenant: entry.tenant, expiresAt: 0 });
  }
}
