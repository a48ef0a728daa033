import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TestApp } from './support/test-app';

const TTL_MS = 400;
const en = spokenIn('en');
const es = spokenIn('es');

/**
 * Each instance caches tenants' settings for the tool calls it answers. A change made through
 * one instance is seen by the others once their copy is TENANT_SETTINGS_TTL_MS old.
 */
describe('tenant settings across two app instances', () => {
  let a: TestApp;
  let b: TestApp;
  let dataDir: string;
  let tenantId: string;
  let owner: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'voice-crm-settings-'));
    const shared = { TENANT_SETTINGS_TTL_MS: String(TTL_MS), SQLITE_PATH: join(dataDir, 'crm.sqlite') };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { keepDatabase: true });
    owner = await a.staffToken();
    const created = await a.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Shared Clinic', platformTenantId: 'shared-clinic', language: 'en' })
      .expect(201);
    tenantId = created.body.id as string;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (app: TestApp, callId: string, name: string) =>
    app.tool('create_lead', { first_name: name, phone: '7865550198' }, { tenantId: 'shared-clinic', callId });

  it('reaches the other instance within TENANT_SETTINGS_TTL_MS, and this one at once', async () => {
    // Both instances answer in English and now hold the tenant's settings.
    expect((await call(a, 'ttl-1', 'Ana')).body.message).toBe(en.leadCreated('Ana'));
    expect((await call(b, 'ttl-2', 'Ana')).body.message).toBe(en.leadUpdated('Ana'));

    await a.http
      .patch(`/api/tenants/${tenantId}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ language: 'es' })
      .expect(200);
    const [row] = await a.rows<{ language: string }>('tenants', 'id = ?', [tenantId]);
    expect(row.language).toBe('es');

    // The instance that made the change forgot its copy.
    expect((await call(a, 'ttl-3', 'Ana')).body.message).toBe(es.leadUpdated('Ana'));
    // The other one reads the settings again once its copy has aged out.
    await sleep(TTL_MS + 50);
    expect((await call(b, 'ttl-4', 'Ana')).body.message).toBe(es.leadUpdated('Ana'));
  });
});
