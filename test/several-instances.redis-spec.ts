/**
 * Two app instances on one database and one Redis (REDIS_URL, default redis://127.0.0.1:6379),
 * under a key prefix of this run alone: the webhook's rate limit is counted once for both, and
 * a tenant's settings changed through one are seen by the other at once. Run by
 * `npm run test:redis` (not by `npm test`, which needs no services).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';

import { Spoken, spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WEBHOOK_LIMIT = 6;

describe('several instances sharing Redis', () => {
  const prefix = `voicecrm-test:${randomUUID()}:`;
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  let dataDir: string;
  let owner: string;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    dataDir = mkdtempSync(join(tmpdir(), 'voice-crm-redis-'));
    const shared = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      WEBHOOK_RATE_LIMIT_PER_MINUTE: String(WEBHOOK_LIMIT),
      // Longer than the suite: only the invalidation through Redis can make the other instance read again.
      TENANT_SETTINGS_TTL_MS: '300000',
      SQLITE_PATH: join(dataDir, 'crm.sqlite'),
    };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { keepDatabase: true });
    owner = await a.staffToken();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lead = (app: TestApp, tenantId: string, n: number) =>
    app.tool(
      'create_lead',
      { first_name: `Ana${n}`, phone: `+1786555${String(n).padStart(4, '0')}` },
      { callId: `${tenantId}-call-${n}`, tenantId },
    );

  it('counts the webhook limit once for both: together they allow it, not twice it', async () => {
    const answers = [];
    for (let n = 1; n <= 2 * WEBHOOK_LIMIT; n++) answers.push(await lead(n % 2 ? a : b, 'shared-limit', n));

    expect(answers.map((answer) => answer.status)).toEqual([
      ...Array<number>(WEBHOOK_LIMIT).fill(200),
      ...Array<number>(WEBHOOK_LIMIT).fill(429),
    ]);
    expect(answers.at(-1)?.body).toEqual({ status: 'error', message: Spoken.rateLimited });
    expect(await a.rows('leads', '"tenantId" = ?', ['shared-limit'])).toHaveLength(WEBHOOK_LIMIT);
    const answered = await a.rows('tool_calls', '"tenantId" = ? AND "httpStatus" = 200', ['shared-limit']);
    expect(answered).toHaveLength(WEBHOOK_LIMIT);
    // The count is in Redis, under this run's prefix: one counter, the limit's worth of calls in it.
    const keys = await redis.keys(`${prefix}rl:webhook:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.hget(keys[0], 'cur')).toBe(String(WEBHOOK_LIMIT));
    expect(await redis.pttl(keys[0])).toBeGreaterThan(0);
  });

  it('drops a tenant changed through one instance from the other at once', async () => {
    const created = await a.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Shared Clinic', platformTenantId: 'shared-clinic', language: 'en' })
      .expect(201);
    const call = (app: TestApp, callId: string) =>
      app.tool('create_lead', { first_name: 'Ana', phone: '7865550198' }, { tenantId: 'shared-clinic', callId });
    // Both instances answer in English and now hold the tenant's settings.
    expect((await call(a, 'settings-1')).body.message).toBe(spokenIn('en').leadCreated('Ana'));
    expect((await call(b, 'settings-2')).body.message).toBe(spokenIn('en').leadUpdated('Ana'));

    await a.http
      .patch(`/api/tenants/${created.body.id as string}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ language: 'es' })
      .expect(200);

    // The message reaches b's subscriber asynchronously: a few tries (each spends the tenant's budget of 6).
    let message = '';
    for (let n = 0; n < 4 && message !== spokenIn('es').leadUpdated('Ana'); n++) {
      await sleep(50);
      message = (await call(b, `settings-3-${n}`)).body.message as string;
    }
    expect(message).toBe(spokenIn('es').leadUpdated('Ana'));
    const [row] = await b.rows<{ language: string }>('tenants', '"platformTenantId" = ?', ['shared-clinic']);
    expect(row.language).toBe('es');
  });
});
