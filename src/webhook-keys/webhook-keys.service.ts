import { createHash, randomBytes } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { ListQueryDto } from '../common/dto/list-query.dto';
import { Page, toPage } from '../common/dto/page';
import { DomainException } from '../common/errors/domain.exception';
import { staffActor } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { StaffUser } from '../common/tenancy/staff-user';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { CreateWebhookKeyDto } from './dto/create-webhook-key.dto';
import { WebhookKey } from './webhook-key.entity';
import { WebhookKeysRepository } from './webhook-keys.repository';

/** `vck_` and 32 random bytes in base64url: 47 characters, 256 bits that cannot be guessed. */
const KEY_PREFIX = 'vck_';
const KEY_PATTERN = /^vck_[A-Za-z0-9_-]{43}$/;
/** What staff see of a key: enough to tell keys apart, far too little to use one. */
const SHOWN_PREFIX_LENGTH = 12;
/** lastUsedAt is kept to the minute: at most one write per key per minute, not one per call. */
export const LAST_USED_PRECISION_MS = 60_000;

/** A key as staff see it: never its hash. */
export type WebhookKeyView = Omit<WebhookKey, 'keyHash'>;

/** The answer to making a key: the only time the key itself is ever shown. */
export type CreatedWebhookKey = WebhookKeyView & { key: string };

/** A presented key that opens the webhook, and the tenant it binds the call to. */
export interface TenantKeyMatch {
  readonly id: string;
  readonly tenantId: string;
  readonly prefix: string;
}

export function hashWebhookKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Tenants' own keys for the tools webhook. Only a SHA-256 digest of a key is stored: a key with
 * 256 random bits needs no slow hash, and looking it up by its digest (a unique index) reveals
 * nothing, since only the key itself hashes to it. Lookups are never cached, so a revoked key
 * stops working at the very next call.
 */
@Injectable()
export class WebhookKeysService {
  private readonly logger = new Logger(WebhookKeysService.name);
  /** When this process last wrote lastUsedAt, per key id. */
  private readonly touchedAt = new Map<string, number>();

  constructor(
    @InjectRepository(WebhookKey) private readonly keys: Repository<WebhookKey>,
    private readonly keyRows: WebhookKeysRepository,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
  ) {}

  async create(actor: StaffUser, scope: TenantScope, input: CreateWebhookKeyDto): Promise<CreatedWebhookKey> {
    const tenantId = tenantForCreate(scope);
    if (tenantId === null)
      throw DomainException.invalid('tenant_id', 'a webhook key belongs to a tenant: name it with ?tenant_id=');
    // A key for a tenant not yet made would open the webhook for it, and make it on its first call.
    await this.tenants.requireExisting(tenantId);
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({
        tenantId,
        name: input.name,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        keyHash: hashWebhookKey(key),
        createdBy: actor.id,
        lastUsedAt: null,
        revokedAt: null,
        revokedBy: null,
      }),
    );
    await this.changes.record({
      tenantId,
      recordType: 'webhook_key',
      recordId: saved.id,
      action: 'create',
      actor: staffActor(actor),
      changes: { name: saved.name, prefix: saved.prefix },
    });
    const { keyHash: _hash, ...visible } = saved;
    return { ...visible, key };
  }

  /** The scope's keys, revoked ones included (with revokedAt), newest first. */
  async list(scope: TenantScope, query: ListQueryDto): Promise<Page<WebhookKeyView>> {
    return toPage(
      await this.keys.findAndCount({
        where: tenantCondition(scope),
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  /** Revokes a key of the scope; another tenant's key is "not found". Revoking twice keeps the first revocation. */
  async revoke(actor: StaffUser, scope: TenantScope, id: string): Promise<void> {
    const key = await findInTenant(this.keys, scope, id, 'Webhook key');
    if (key.revokedAt === null) {
      await this.keys.update({ id: key.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy: actor.id });
      await this.changes.record({
        tenantId: key.tenantId,
        recordType: 'webhook_key',
        recordId: key.id,
        action: 'update',
        actor: staffActor(actor),
        changes: { revoked: true },
      });
    }
    this.touchedAt.delete(key.id);
  }

  /**
   * The tenant key among the presented ones that is not revoked, or null. Keys presented that do
   * not have the shape of ours are not looked up. When the presented keys open different
   * tenants, which one the call is for is unclear: none is accepted.
   */
  async authenticate(presented: readonly string[]): Promise<TenantKeyMatch | null> {
    const hashes = [...new Set(presented.filter((key) => KEY_PATTERN.test(key)).map(hashWebhookKey))];
    if (hashes.length === 0) return null;
    // On every call made with a tenant's key: a statement built once (WebhookKeysRepository).
    const found = await this.keyRows.active(hashes);
    if (found.length === 0) return null;
    if (new Set(found.map((key) => key.tenantId)).size > 1) {
      this.logger.warn(
        `Refused a webhook call presenting the keys ${found.map((key) => key.prefix).join(', ')} of different tenants`,
      );
      return null;
    }
    for (const key of found) this.touch(key);
    const { id, tenantId, prefix } = found[0];
    return { id, tenantId, prefix };
  }

  /** Records the use, at most once a minute per key, without the call waiting on it. */
  private touch(key: Pick<WebhookKey, 'id' | 'lastUsedAt'>): void {
    const now = Date.now();
    const last = Math.max(this.touchedAt.get(key.id) ?? 0, key.lastUsedAt?.getTime() ?? 0);
    if (now - last < LAST_USED_PRECISION_MS) return;
    this.touchedAt.set(key.id, now);
    this.keys.update({ id: key.id }, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
      this.touchedAt.delete(key.id);
      this.logger.warn(
        `Could not record the use of webhook key ${key.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
}
