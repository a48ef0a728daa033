import { createHash } from 'node:crypto';

import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TestApp, WEBHOOK_KEY } from './support/test-app';

const PATH = '/api/webhooks/ai-tools';
const A = 'keys-agency-a';
const B = 'keys-agency-b';
const PASSWORD = 'Keys-Test-Passw0rd';

interface KeyRow {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  keyHash: string;
  createdBy: string;
  lastUsedAt: unknown;
  revokedAt: unknown;
  revokedBy: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Waits (bounded) for something done after the answer, such as the throttled lastUsedAt write. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}

describe('per-tenant webhook keys', () => {
  let t: TestApp;
  let owner: string;
  const tokens: Record<'adminA' | 'agentA' | 'adminB', string> = { adminA: '', agentA: '', adminB: '' };
  const userIds: Record<'owner' | 'adminA' | 'adminB', string> = { owner: '', adminA: '', adminB: '' };

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function makeUser(
    tenant: string,
    email: string,
    role: 'admin' | 'agent',
  ): Promise<{ id: string; token: string }> {
    const created = await t.http
      .post(`/api/users?tenant_id=${tenant}`)
      .set(bearer(owner))
      .send({ email, password: PASSWORD, role })
      .expect(201);
    const login = await t.http.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
    return { id: created.body.id as string, token: login.body.access_token as string };
  }

  async function makeKey(
    token: string,
    name = 'Main line',
    query = '',
  ): Promise<{ id: string; key: string; prefix: string }> {
    const response = await t.http.post(`/api/webhook-keys${query}`).set(bearer(token)).send({ name }).expect(201);
    return response.body as { id: string; key: string; prefix: string };
  }

  const keyRow = async (id: string) => (await t.rows<KeyRow>('webhook_keys', '"id" = ?', [id]))[0];

  /** A tool call as the platform sends it, with a tenant's key; `tenant_id` only when given. */
  const callWith = (key: string, callId: string, tenantId?: string, phone = '(786) 555-0198') =>
    t.http
      .post(PATH)
      .set('Authorization', `Bearer ${key}`)
      .send({
        function: 'create_lead',
        args: { first_name: 'Ana', phone },
        call_id: callId,
        ...(tenantId !== undefined && { tenant_id: tenantId }),
      });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.staffToken();
    for (const platformTenantId of [A, B])
      await t.http
        .post('/api/tenants')
        .set(bearer(owner))
        .send({ name: platformTenantId, platformTenantId })
        .expect(201);
    userIds.owner = (await t.rows<{ id: string }>('users', '"role" = ?', ['owner']))[0].id;
    const adminA = await makeUser(A, 'admin-a@example.com', 'admin');
    const agentA = await makeUser(A, 'agent-a@example.com', 'agent');
    const adminB = await makeUser(B, 'admin-b@example.com', 'admin');
    Object.assign(tokens, { adminA: adminA.token, agentA: agentA.token, adminB: adminB.token });
    Object.assign(userIds, { adminA: adminA.id, adminB: adminB.id });
  });
  afterAll(() => t.close());

  describe('making, listing and revoking keys', () => {
    it("makes a key for an admin's tenant and shows it once; only its hash is stored", async () => {
      const response = await t.http
        .post('/api/webhook-keys')
        .set(bearer(tokens.adminA))
        .send({ name: ' Main line ' })
        .expect(201);
      const { key, id } = response.body as { key: string; id: string };

      expect(key).toMatch(/^vck_[A-Za-z0-9_-]{43}$/);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        name: 'Main line',
        prefix: key.slice(0, 12),
        tenantId: A,
        createdBy: userIds.adminA,
      });
      expect(response.body.createdAt).toEqual(expect.any(String));
      expect(response.body.lastUsedAt).toBeNull();
      expect(response.body.revokedAt).toBeNull();
      expect(response.body).not.toHaveProperty('keyHash');

      const row = await keyRow(id);
      expect(row).toMatchObject({
        tenantId: A,
        name: 'Main line',
        prefix: key.slice(0, 12),
        createdBy: userIds.adminA,
        revokedBy: null,
      });
      expect(row.keyHash).toBe(sha256(key));
      expect(Object.entries(row).filter(([, value]) => String(value).includes(key))).toEqual([]);
      expect(Object.entries(row).filter(([, value]) => String(value).includes(key.slice(12)))).toEqual([]);
    });

    it("lists the tenant's keys with prefix, name and dates, never the key or its hash", async () => {
      const made = await makeKey(tokens.adminA, 'Listed line');

      const list = await t.http.get('/api/webhook-keys').set(bearer(tokens.adminA)).expect(200);
      expect(list.body).toEqual({ data: expect.any(Array), total: expect.any(Number), limit: 20, offset: 0 });
      const listed = (list.body.data as Array<Record<string, unknown>>).find((item) => item.id === made.id);
      expect(listed).toMatchObject({
        name: 'Listed line',
        prefix: made.prefix,
        tenantId: A,
        createdBy: userIds.adminA,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(listed).toHaveProperty('createdAt');
      for (const item of list.body.data as Array<Record<string, unknown>>) {
        expect(item).not.toHaveProperty('key');
        expect(item).not.toHaveProperty('keyHash');
        expect(item.tenantId).toBe(A);
      }
      expect(JSON.stringify(list.body)).not.toContain(made.key);
      expect(JSON.stringify(list.body)).not.toContain(sha256(made.key));
      expect(list.body.total).toBe((await t.rows('webhook_keys', '"tenantId" = ?', [A])).length);
    });

    it('refuses an agent with 403 on all three routes, and changes nothing', async () => {
      const made = await makeKey(tokens.adminA, 'Agent cannot touch');
      const before = await t.rows('webhook_keys');

      const create = await t.http.post('/api/webhook-keys').set(bearer(tokens.agentA)).send({ name: 'Mine' });
      const list = await t.http.get('/api/webhook-keys').set(bearer(tokens.agentA));
      const revoke = await t.http.delete(`/api/webhook-keys/${made.id}`).set(bearer(tokens.agentA));

      expect([create.status, list.status, revoke.status]).toEqual([403, 403, 403]);
      expect(JSON.stringify(list.body)).not.toContain(made.prefix);
      expect(await t.rows('webhook_keys')).toHaveLength(before.length);
      expect((await keyRow(made.id)).revokedAt).toBeNull();
    });

    it("gives an admin of another tenant 404 for a key of A, and none of A's keys in its list", async () => {
      const ofA = await makeKey(tokens.adminA, 'Tenant A only');
      const ofB = await makeKey(tokens.adminB, 'Tenant B line');

      const revoke = await t.http.delete(`/api/webhook-keys/${ofA.id}`).set(bearer(tokens.adminB));
      expect(revoke.status).toBe(404);
      const missing = await t.http
        .delete('/api/webhook-keys/00000000-0000-4000-8000-000000000000')
        .set(bearer(tokens.adminB));
      expect(missing.status).toBe(404);
      expect((await keyRow(ofA.id)).revokedAt).toBeNull();

      const list = await t.http.get('/api/webhook-keys').set(bearer(tokens.adminB)).expect(200);
      const items = list.body.data as Array<{ id: string; tenantId: string }>;
      expect(items.map((item) => item.id)).toContain(ofB.id);
      expect(items.filter((item) => item.tenantId !== B)).toEqual([]);
      expect(items.map((item) => item.id)).not.toContain(ofA.id);
      expect(list.body.total).toBe((await t.rows('webhook_keys', '"tenantId" = ?', [B])).length);
    });

    it('refuses an owner who names no tenant with 400 naming tenant_id, and makes a key in the tenant it names', async () => {
      const before = await t.rows('webhook_keys');
      const refused = await t.http.post('/api/webhook-keys').set(bearer(owner)).send({ name: 'Nowhere' }).expect(400);
      expect(refused.body.fields).toEqual(['tenant_id']);
      expect(JSON.stringify(refused.body.message)).toContain('tenant_id');
      expect(await t.rows('webhook_keys')).toHaveLength(before.length);

      const made = await makeKey(owner, 'Set up by the operator', `?tenant_id=${A}`);
      expect(await keyRow(made.id)).toMatchObject({ tenantId: A, createdBy: userIds.owner });
    });

    it('refuses a key for a tenant that does not exist: 400 naming tenant_id, no key and no tenant made', async () => {
      const keysBefore = await t.rows('webhook_keys');
      const tenantsBefore = await t.rows('tenants');
      const refused = await t.http
        .post('/api/webhook-keys?tenant_id=keys-phantom')
        .set(bearer(owner))
        .send({ name: 'For a tenant to come' })
        .expect(400);
      expect(refused.body.fields).toEqual(['tenant_id']);
      expect(JSON.stringify(refused.body.message)).toContain('names no tenant');
      expect(await t.rows('webhook_keys')).toHaveLength(keysBefore.length);
      expect(await t.rows('webhook_keys', '"tenantId" = ?', ['keys-phantom'])).toHaveLength(0);
      expect(await t.rows('tenants')).toHaveLength(tenantsBefore.length);
      expect(await t.rows('record_changes', '"tenantId" = ?', ['keys-phantom'])).toHaveLength(0);
    });

    it('refuses a key without a name with 400 naming it', async () => {
      const response = await t.http.post('/api/webhook-keys').set(bearer(tokens.adminA)).send({}).expect(400);
      expect(response.body.fields).toEqual(['name']);
    });
  });

  describe('calling the webhook with a tenant key', () => {
    it("creates the record in the key's tenant, with or without tenant_id in the body", async () => {
      const { key } = await makeKey(tokens.adminA);

      const named = await callWith(key, 'keys-call-named', A);
      // Another caller: the same one again would be welcomed back (`updated`) on the first call's lead.
      const unnamed = await callWith(key, 'keys-call-unnamed', undefined, '(786) 555-0197');
      const viaHeader = await t.http
        .post(PATH)
        .set('X-API-Key', key)
        .send({
          function: 'create_lead',
          args: { first_name: 'Luis', phone: '7865550111' },
          call_id: 'keys-call-header',
        });

      for (const response of [named, unnamed, viaHeader]) {
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ status: 'created', lead_id: expect.any(String) });
      }
      for (const callId of ['keys-call-named', 'keys-call-unnamed', 'keys-call-header']) {
        const leads = await t.rows<{ tenantId: string }>('leads', '"callId" = ?', [callId]);
        expect(leads.map((lead) => lead.tenantId)).toEqual([A]);
        const logged = await t.rows<{ tenantId: string; status: string }>('tool_calls', '"callId" = ?', [callId]);
        expect(logged.map((row) => [row.tenantId, row.status])).toEqual([[A, 'created']]);
      }
    });

    it('refuses the key for another tenant with 403 in the contract shape, and writes nothing', async () => {
      const { key } = await makeKey(tokens.adminA);
      const leadsOfB = await t.rows('leads', '"tenantId" = ?', [B]);

      for (const [callId, tenantId] of [
        ['keys-call-cross', B],
        ['keys-call-unseen', 'keys-never-seen'],
      ]) {
        const response = await callWith(key, callId, tenantId);
        expect(response.status).toBe(403);
        expect(response.body).toEqual({ status: 'error', message: Spoken.forbidden });
        expect(await t.rows('leads', '"callId" = ?', [callId])).toHaveLength(0);
        expect(await t.rows('tool_calls', '"callId" = ?', [callId])).toHaveLength(0);
      }
      expect(await t.rows('leads', '"tenantId" = ?', [B])).toHaveLength(leadsOfB.length);
      expect(await t.rows('tenants', '"platformTenantId" = ?', ['keys-never-seen'])).toHaveLength(0);
    });

    it("logs a malformed call made with a tenant key in the key's tenant", async () => {
      const { key } = await makeKey(tokens.adminA);
      const response = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${key}`)
        .send({ function: 'create_lead', call_id: 'keys-call-400' });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ status: 'error', message: Spoken.badRequest });
      const logged = await t.rows<{ tenantId: string; httpStatus: number }>('tool_calls', '"callId" = ?', [
        'keys-call-400',
      ]);
      expect(logged.map((row) => [row.tenantId, Number(row.httpStatus)])).toEqual([[A, 400]]);
    });

    it('records when a key was last used', async () => {
      const { id, key } = await makeKey(tokens.adminA, 'Used line');
      expect((await keyRow(id)).lastUsedAt).toBeNull();

      expect((await callWith(key, 'keys-call-used')).status).toBe(200);

      const row = await eventually(
        () => keyRow(id),
        (value) => value.lastUsedAt !== null,
      );
      expect(row.lastUsedAt).not.toBeNull();
      const listed = await t.http.get('/api/webhook-keys').set(bearer(tokens.adminA)).expect(200);
      expect(
        (listed.body.data as Array<{ id: string; lastUsedAt: unknown }>).find((item) => item.id === id)?.lastUsedAt,
      ).toEqual(expect.any(String));
    });

    it('stops accepting a revoked key at the very next call, which writes nothing', async () => {
      const { id, key } = await makeKey(tokens.adminA, 'Soon revoked');
      expect((await callWith(key, 'keys-call-before-revoke')).status).toBe(200);

      await t.http.delete(`/api/webhook-keys/${id}`).set(bearer(tokens.adminA)).expect(204);
      const revoked = await keyRow(id);
      expect(revoked.revokedAt).not.toBeNull();
      expect(revoked.revokedBy).toBe(userIds.adminA);

      const refused = await callWith(key, 'keys-call-after-revoke');
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ status: 'error', message: 'Unauthorized' });
      expect(await t.rows('leads', '"callId" = ?', ['keys-call-after-revoke'])).toHaveLength(0);
      expect(await t.rows('tool_calls', '"callId" = ?', ['keys-call-after-revoke'])).toHaveLength(0);

      // Revoking again is fine and keeps the first revocation.
      await t.http.delete(`/api/webhook-keys/${id}`).set(bearer(tokens.adminA)).expect(204);
      expect(String((await keyRow(id)).revokedAt)).toBe(String(revoked.revokedAt));
      const listed = await t.http.get('/api/webhook-keys').set(bearer(tokens.adminA)).expect(200);
      expect(
        (listed.body.data as Array<{ id: string; revokedAt: unknown }>).find((item) => item.id === id)?.revokedAt,
      ).toEqual(expect.any(String));
    });

    it('keeps the platform-wide key working for every tenant', async () => {
      const response = await t.tool(
        'create_lead',
        { first_name: 'Eva', phone: '7865550122' },
        { tenantId: B, callId: 'keys-call-platform-b' },
      );
      expect(response.status).toBe(200);
      const leads = await t.rows<{ tenantId: string }>('leads', '"callId" = ?', ['keys-call-platform-b']);
      expect(leads.map((lead) => lead.tenantId)).toEqual([B]);
    });
  });

  describe('tenants the platform names for the first time', () => {
    it('creates the tenant with the default settings, then the record in it', async () => {
      expect(await t.rows('tenants', '"platformTenantId" = ?', ['keys-new-agency'])).toHaveLength(0);

      const response = await t.tool(
        'create_lead',
        { first_name: 'Nora', phone: '7865550133' },
        { tenantId: 'keys-new-agency', callId: 'keys-call-new' },
      );

      expect(response.status).toBe(200);
      expect(response.body.status).toBe('created');
      const tenants = await t.rows('tenants', '"platformTenantId" = ?', ['keys-new-agency']);
      expect(tenants).toHaveLength(1);
      // The test app's DEFAULT_TIMEZONE, and the defaults of language and DEFAULT_COUNTRY.
      expect(tenants[0]).toMatchObject({
        name: 'keys-new-agency',
        platformTenantId: 'keys-new-agency',
        timezone: 'America/New_York',
        language: 'en',
        defaultCountry: 'US',
      });
      const leads = await t.rows<{ tenantId: string }>('leads', '"callId" = ?', ['keys-call-new']);
      expect(leads.map((lead) => lead.tenantId)).toEqual(['keys-new-agency']);
    });

    it('creates exactly one tenant when its first two calls arrive together', async () => {
      const [first, second] = await Promise.all([
        t.tool(
          'create_lead',
          { first_name: 'Ana', phone: '7865550144' },
          { tenantId: 'keys-twin-agency', callId: 'keys-call-twin-1' },
        ),
        t.tool(
          'leave_message',
          { caller_name: 'Luis', caller_phone: '7865550155', message: 'Call me' },
          { tenantId: 'keys-twin-agency', callId: 'keys-call-twin-2' },
        ),
      ]);

      expect([first.status, second.status]).toEqual([200, 200]);
      expect([first.body.status, second.body.status]).toEqual(['created', 'saved']);
      expect(await t.rows('tenants', '"platformTenantId" = ?', ['keys-twin-agency'])).toHaveLength(1);
      expect(
        (await t.rows<{ tenantId: string }>('leads', '"callId" = ?', ['keys-call-twin-1'])).map(
          (lead) => lead.tenantId,
        ),
      ).toEqual(['keys-twin-agency']);
      expect(
        (await t.rows<{ tenantId: string }>('messages', '"callId" = ?', ['keys-call-twin-2'])).map(
          (row) => row.tenantId,
        ),
      ).toEqual(['keys-twin-agency']);
    });

    it('creates no tenant for a platform call that names none, which keeps acting in no tenant', async () => {
      const before = await t.rows('tenants');
      const response = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({
          function: 'create_lead',
          args: { first_name: 'Ola', phone: '7865550166' },
          call_id: 'keys-call-no-tenant',
        });

      expect(response.status).toBe(200);
      expect(await t.rows('tenants')).toHaveLength(before.length);
      const leads = await t.rows<{ tenantId: string | null }>('leads', '"callId" = ?', ['keys-call-no-tenant']);
      expect(leads.map((lead) => lead.tenantId)).toEqual([null]);
    });
  });
});
