import { Logger } from '@nestjs/common';
import { Repository } from 'typeorm';

import { StaffUser } from '../common/tenancy/staff-user';
import type { ChangeEntry, RecordChangesService } from '../record-changes/record-changes.service';
import type { TenantsService } from '../tenants/tenants.service';
import { WebhookKey } from './webhook-key.entity';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { hashWebhookKey, LAST_USED_PRECISION_MS, WebhookKeysService } from './webhook-keys.service';

const ADMIN: StaffUser = { id: 'user-1', email: 'admin@example.com', role: 'admin', tenantId: 'agency-1' };

/**
 * Stands in for the repositories with the few calls the service makes: `save` keeps rows,
 * `active` (WebhookKeysRepository's) answers a lookup by keyHash IN (...) and revokedAt IS
 * NULL, `update` sets fields.
 */
class KeysRepositoryStandIn {
  readonly rows: WebhookKey[] = [];
  readonly finds: string[][] = [];
  readonly updates: Array<{ id: string; values: Partial<WebhookKey> }> = [];
  failUpdatesWith: Error | null = null;

  create(values: Partial<WebhookKey>): WebhookKey {
    return Object.assign(new WebhookKey(), values);
  }

  async save(key: WebhookKey): Promise<WebhookKey> {
    Object.assign(key, { id: `key-${this.rows.length + 1}`, createdAt: new Date() });
    this.rows.push({ ...key });
    return key;
  }

  async active(hashes: string[]): Promise<WebhookKey[]> {
    this.finds.push(hashes);
    return this.rows.filter((row) => hashes.includes(row.keyHash) && row.revokedAt === null).map((row) => ({ ...row }));
  }

  async update(criteria: { id: string }, values: Partial<WebhookKey>): Promise<void> {
    this.updates.push({ id: criteria.id, values });
    if (this.failUpdatesWith) throw this.failUpdatesWith;
    const row = this.rows.find((candidate) => candidate.id === criteria.id);
    if (row) Object.assign(row, values);
  }
}

describe('WebhookKeysService', () => {
  let repository: KeysRepositoryStandIn;
  let service: WebhookKeysService;
  let changes: ChangeEntry[];

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  beforeEach(() => {
    repository = new KeysRepositoryStandIn();
    changes = [];
    service = new WebhookKeysService(
      repository as unknown as Repository<WebhookKey>,
      repository as unknown as WebhookKeysRepository,
      { record: async (entry: ChangeEntry) => void changes.push(entry) } as unknown as RecordChangesService,
      // Every tenant named here exists (the refusal of one that does not is in webhook-keys.e2e-spec.ts).
      { requireExisting: async () => ({}) } as unknown as TenantsService,
    );
  });

  afterEach(() => jest.useRealTimers());

  describe('create', () => {
    it('answers a long random key once and stores only its SHA-256 and its prefix', async () => {
      const created = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'Main line' });
      expect(changes).toEqual([
        expect.objectContaining({
          recordType: 'webhook_key',
          recordId: created.id,
          action: 'create',
          changes: { name: 'Main line', prefix: created.prefix },
        }),
      ]);
      expect(JSON.stringify(changes)).not.toContain(created.key);

      expect(created.key).toMatch(/^vck_[A-Za-z0-9_-]{43}$/);
      expect(created).toMatchObject({
        tenantId: 'agency-1',
        name: 'Main line',
        prefix: created.key.slice(0, 12),
        createdBy: 'user-1',
        revokedAt: null,
      });
      expect(created).not.toHaveProperty('keyHash');
      expect(repository.rows[0].keyHash).toBe(hashWebhookKey(created.key));
      expect(repository.rows[0].keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(repository.rows[0])).not.toContain(created.key);
    });

    it('makes a different key every time', async () => {
      const keys = await Promise.all(
        [1, 2, 3].map(() => service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'x' })),
      );
      expect(new Set(keys.map((key) => key.key)).size).toBe(3);
    });

    it('refuses a scope that names no tenant, naming tenant_id', async () => {
      await expect(service.create(ADMIN, { tenantId: undefined }, { name: 'x' })).rejects.toMatchObject({
        code: 'invalid',
        field: 'tenant_id',
      });
      expect(repository.rows).toHaveLength(0);
    });
  });

  describe('authenticate', () => {
    it('finds a key that is not revoked by its hash, with its tenant', async () => {
      const created = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'Main line' });
      const match = await service.authenticate(['something-else', created.key]);

      expect(match).toEqual({ id: created.id, tenantId: 'agency-1', prefix: created.prefix });
      expect(repository.finds).toEqual([[hashWebhookKey(created.key)]]);
    });

    it('does not look up keys that do not have the shape of ours', async () => {
      expect(await service.authenticate(['csk_live_abc', 'vck_short', '', `vck_${'a'.repeat(44)}`])).toBeNull();
      expect(repository.finds).toEqual([]);
    });

    it('answers null for a revoked key', async () => {
      const created = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'Main line' });
      repository.rows[0].revokedAt = new Date();
      expect(await service.authenticate([created.key])).toBeNull();
    });

    it('accepts none when the keys presented belong to different tenants', async () => {
      const ofOne = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'a' });
      const ofTwo = await service.create({ ...ADMIN, tenantId: 'agency-2' }, { tenantId: 'agency-2' }, { name: 'b' });
      expect(await service.authenticate([ofOne.key, ofTwo.key])).toBeNull();
    });

    it('records lastUsedAt at most once a minute per key', async () => {
      jest.useFakeTimers({
        now: new Date('2030-01-01T10:00:00Z'),
        doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
      });
      const created = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'Main line' });

      for (let call = 0; call < 5; call++) await service.authenticate([created.key]);
      expect(repository.updates).toEqual([
        { id: created.id, values: { lastUsedAt: new Date('2030-01-01T10:00:00Z') } },
      ]);

      jest.setSystemTime(new Date(Date.now() + LAST_USED_PRECISION_MS - 1));
      await service.authenticate([created.key]);
      expect(repository.updates).toHaveLength(1);

      jest.setSystemTime(new Date('2030-01-01T10:01:00Z'));
      await service.authenticate([created.key]);
      expect(repository.updates).toHaveLength(2);
      expect(repository.updates[1].values.lastUsedAt).toEqual(new Date('2030-01-01T10:01:00Z'));
    });

    it('answers the call when recording lastUsedAt fails, and tries again at the next call', async () => {
      const created = await service.create(ADMIN, { tenantId: 'agency-1' }, { name: 'Main line' });
      repository.failUpdatesWith = new Error('database is locked');

      expect(await service.authenticate([created.key])).toMatchObject({ tenantId: 'agency-1' });
      await new Promise((resolve) => setImmediate(resolve));
      repository.failUpdatesWith = null;
      expect(await service.authenticate([created.key])).toMatchObject({ tenantId: 'agency-1' });
      expect(repository.updates).toHaveLength(2);
    });
  });
});
