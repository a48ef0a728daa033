/**
 * Multi-tenancy as a whole over real HTTP (DESIGN.md §5): tenants A and B, an admin and an agent in
 * each, records of every kind in both, and the owner who spans them. Each feature's own tenant
 * checks live in its spec; here are the ones that sweep every resource at once. The whole
 * AppModule runs on a real database (SQLite, or PostgreSQL with DATABASE_URL) with a fake Vonage
 * on loopback; every test asserts the rows the database holds, not only the HTTP status.
 */

import { bearer, expectLikeMissing, ids, snapshot, sortedIds, ZONE } from './support/staff-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { buildWorld, RESOURCES, TA, TB, tenantRows, World } from './support/two-tenants';
import { Body, messageText, weekdayAhead } from './support/values';

describe('Tenancy: one tenant cannot see or touch another tenant’s records', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('holds every seeded record in the tenant it was made for', async () => {
    for (const r of RESOURCES) {
      const [a] = await t.rows(r.table, '"id" = ?', [w.A[r.key]]);
      const [b] = await t.rows(r.table, '"id" = ?', [w.B[r.key]]);
      expect({ table: r.table, a: a?.tenantId, b: b?.tenantId }).toEqual({ table: r.table, a: TA, b: TB });
    }
    // The platform tenant ids name tenants that exist, with the settings they were given.
    const [tenantB] = await t.rows('tenants', '"platformTenantId" = ?', [TB]);
    expect(tenantB).toMatchObject({
      id: w.tenantB.id,
      name: 'Beta Brokers',
      timezone: 'Europe/Madrid',
      language: 'es',
      defaultCountry: 'ES',
    });
  });

  it.each(['agentA', 'adminA'] as const)(
    '%s gets 404 for each record of B on GET, PATCH and DELETE, exactly as for a missing id, and B’s rows do not change',
    async (who) => {
      const actor = w[who];
      const auth = bearer(actor.token);
      const before = await tenantRows(t, TB);
      for (const r of RESOURCES) {
        const foreignId = w.B[r.key];
        await expectLikeMissing(`GET ${r.path}`, (id) => t.http.get(`/api/${r.path}/${id}`).set(auth), foreignId);
        if (r.patch)
          await expectLikeMissing(
            `PATCH ${r.path}`,
            (id) => t.http.patch(`/api/${r.path}/${id}`).set(auth).send(r.patch),
            foreignId,
          );
        if (r.remove)
          await expectLikeMissing(
            `DELETE ${r.path}`,
            (id) => t.http.delete(`/api/${r.path}/${id}`).set(auth),
            foreignId,
          );
        // The same route reads A's own record: the 404 is about the tenant, not the route.
        const own = await t.http.get(`/api/${r.path}/${w.A[r.key]}`).set(auth).expect(200);
        expect(own.body).toMatchObject({ id: w.A[r.key], tenantId: TA });
      }
      // Tenants: B's tenant is as unknown to A's staff as a missing one.
      await expectLikeMissing(
        'GET tenants',
        (id) => t.http.get(`/api/tenants/${id}`).set(auth),
        w.tenantB.id as string,
      );
      expect((await t.http.get(`/api/tenants/${w.tenantA.id}`).set(auth).expect(200)).body).toMatchObject({
        platformTenantId: TA,
      });
      if (who === 'adminA') {
        // Users: an admin manages users, but only its own tenant's.
        for (const foreign of [w.adminB, w.agentB]) {
          await expectLikeMissing('GET users', (id) => t.http.get(`/api/users/${id}`).set(auth), foreign.id);
          await expectLikeMissing(
            'PATCH users',
            (id) => t.http.patch(`/api/users/${id}`).set(auth).send({ active: false, name: 'Hijacked' }),
            foreign.id,
          );
          await expectLikeMissing(
            'PATCH users (password)',
            (id) => t.http.patch(`/api/users/${id}`).set(auth).send({ password: 'Hijacked-Passw0rd-1' }),
            foreign.id,
          );
        }
        expect((await t.http.get(`/api/users/${w.agentA.id}`).set(auth).expect(200)).body).toMatchObject({
          id: w.agentA.id,
          tenantId: TA,
        });
      } else {
        // An agent does not reach users at all (see test/users.e2e-spec.ts); for B's users it is the same 403.
        await t.http.get(`/api/users/${w.agentB.id}`).set(auth).expect(403);
      }
      expect(await tenantRows(t, TB)).toEqual(before);
      // B's staff still work: nothing was disabled, re-passworded or revoked.
      await t.http.get('/api/leads').set(bearer(w.agentB.token)).expect(200);
      await t.http.get(`/api/leads/${w.B.lead}`).set(bearer(w.adminB.token)).expect(200);
    },
  );

  it('answers the owner scoped to A with 404 for B’s records too', async () => {
    const auth = bearer(w.owner);
    const before = await tenantRows(t, TB);
    for (const r of RESOURCES) {
      const foreignId = w.B[r.key];
      await expectLikeMissing(
        `GET ${r.path}`,
        (id) => t.http.get(`/api/${r.path}/${id}?tenant_id=${TA}`).set(auth),
        foreignId,
      );
      if (r.patch)
        await expectLikeMissing(
          `PATCH ${r.path}`,
          (id) => t.http.patch(`/api/${r.path}/${id}?tenant_id=${TA}`).set(auth).send(r.patch),
          foreignId,
        );
      if (r.remove)
        await expectLikeMissing(
          `DELETE ${r.path}`,
          (id) => t.http.delete(`/api/${r.path}/${id}?tenant_id=${TA}`).set(auth),
          foreignId,
        );
      // Without tenant_id, or scoped to B, the owner reads it.
      await t.http.get(`/api/${r.path}/${foreignId}`).set(auth).expect(200);
      await t.http.get(`/api/${r.path}/${foreignId}?tenant_id=${TB}`).set(auth).expect(200);
    }
    await expectLikeMissing('GET users', (id) => t.http.get(`/api/users/${id}?tenant_id=${TA}`).set(auth), w.agentB.id);
    expect(await tenantRows(t, TB)).toEqual(before);
  });

  it.each(['agentA', 'adminA'] as const)('%s lists only A’s records, and its totals count only A’s', async (who) => {
    const auth = bearer(w[who].token);
    for (const r of RESOURCES) {
      const response = await t.http.get(`/api/${r.path}?limit=100`).set(auth).expect(200);
      const rowsA = await t.rows(r.table, '"tenantId" = ?', [TA]);
      const rowsB = await t.rows(r.table, '"tenantId" = ?', [TB]);
      expect(rowsB.length).toBeGreaterThan(0);
      expect({ path: r.path, total: response.body.total, ids: ids(response.body) }).toEqual({
        path: r.path,
        total: rowsA.length,
        ids: sortedIds(rowsA),
      });
      for (const row of rowsB) expect(ids(response.body)).not.toContain(row.id);
      expect(response.text).not.toContain(w.B[r.key]);
    }
    // The tenants it sees: its own.
    const tenants = await t.http.get('/api/tenants').set(auth).expect(200);
    expect((tenants.body as Body[]).map((tenant) => tenant.platformTenantId)).toEqual([TA]);
    if (who === 'adminA') {
      const users = await t.http.get('/api/users?limit=100').set(auth).expect(200);
      const rowsA = await t.rows('users', '"tenantId" = ?', [TA]);
      expect(users.body.total).toBe(rowsA.length);
      expect(ids(users.body)).toEqual(sortedIds(rowsA));
      expect(ids(users.body)).not.toContain(w.ownerId);
      expect(ids(users.body)).not.toContain(w.agentB.id);
      for (const user of users.body.data as Body[]) {
        expect(user.passwordHash).toBeUndefined();
        expect(user.tokenVersion).toBeUndefined();
      }
    }
  });

  it.each(['agentA', 'adminA'] as const)(
    '%s naming tenant B with ?tenant_id= gets 403 and reads nothing',
    async (who) => {
      const auth = bearer(w[who].token);
      const paths = RESOURCES.flatMap((r) => [
        `/api/${r.path}`,
        `/api/${r.path}/${w.B[r.key]}`,
        `/api/${r.path}/${w.A[r.key]}`,
      ]);
      paths.push(`/api/calls/${w.B.callId}`, `/api/calls/${w.A.callId}`);
      if (who === 'adminA') paths.push('/api/users', `/api/users/${w.agentB.id}`, '/api/webhook-keys');
      for (const path of paths) {
        const response = await t.http.get(`${path}?tenant_id=${TB}`).set(auth);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
        expect(messageText(response.body)).toMatch(/tenant_id/);
        expect(response.body.data).toBeUndefined();
        for (const name of ['Bruno', 'Keller', 'Marta Lang', 'Nora Ross', w.B.lead, w.B.policy])
          expect(response.text).not.toContain(name);
      }
      // Its own tenant named explicitly is fine.
      await t.http.get(`/api/leads?tenant_id=${TA}`).set(auth).expect(200);
    },
  );

  it('refuses A’s staff creating anything in B with ?tenant_id=B, and writes nothing', async () => {
    const before = await tenantRows(t, TB);
    const changesBefore = (await t.rows('record_changes')).length;
    const sentBefore = t.vonage.requests;
    for (const who of ['agentA', 'adminA'] as const) {
      const auth = bearer(w[who].token);
      const attempts: Array<[string, Body]> = [
        ['/api/leads', { firstName: 'Planted', phone: '+13055550150' }],
        [
          '/api/appointments',
          { callerName: 'Planted', phone: '+13055550151', purpose: 'x', date: weekdayAhead(12, ZONE), time: '09:30' },
        ],
        ['/api/policies', { policyNumber: 'PLANT-1', status: 'active' }],
        ['/api/sms', { toPhone: '+13055550152', body: 'Planted text' }],
        [
          '/api/users',
          { email: `planted-${who.toLowerCase()}@tenancy.example`, password: 'Planted-Passw0rd-1', role: 'agent' },
        ],
        ['/api/webhook-keys', { name: 'Planted key' }],
      ];
      for (const [path, body] of attempts) {
        const response = await t.http.post(`${path}?tenant_id=${TB}`).set(auth).send(body);
        expect({ who, path, status: response.status }).toEqual({ who, path, status: 403 });
      }
      const csv = await t.http
        .post(`/api/policies/import?tenant_id=${TB}`)
        .set(auth)
        .set('Content-Type', 'text/csv')
        .send('policy_number,status\nPLANT-2,active\n');
      expect(csv.status).toBe(403);
    }
    expect(await tenantRows(t, TB)).toEqual(before);
    expect(await t.rows('leads', '"firstName" = ?', ['Planted'])).toEqual([]);
    expect(await t.rows('users', '"email" LIKE ?', ['planted-%'])).toEqual([]);
    expect(t.vonage.requests).toBe(sentBefore);
    expect(await t.rows('record_changes')).toHaveLength(changesBefore);
  });

  it('places what A’s staff create without naming a tenant in A', async () => {
    const agent = bearer(w.agentA.token);
    const lead = await t.http
      .post('/api/leads')
      .set(agent)
      .send({ firstName: 'Walkin', phone: '(786) 555-0160' })
      .expect(201);
    const appointment = await t.http
      .post('/api/appointments')
      .set(agent)
      .send({
        callerName: 'Walkin',
        phone: '786 555 0160',
        purpose: 'quote',
        date: weekdayAhead(11, ZONE),
        time: '13:00',
      })
      .expect(201);
    const policy = await t.http
      .post(`/api/policies?tenant_id=${TA}`)
      .set(bearer(w.adminA.token))
      .send({ policyNumber: 'POL-WALKIN', status: 'pending' })
      .expect(201);
    for (const [table, id] of [
      ['leads', lead.body.id],
      ['appointments', appointment.body.id],
      ['policies', policy.body.id],
    ] as Array<[string, string]>) {
      const rows = await t.rows(table, '"id" = ?', [id]);
      expect({ table, tenantId: rows[0]?.tenantId }).toEqual({ table, tenantId: TA });
    }
    // B sees none of them.
    await t.http.get(`/api/leads/${lead.body.id}`).set(bearer(w.agentB.token)).expect(404);
    const listB = await t.http.get('/api/policies?limit=100').set(bearer(w.adminB.token)).expect(200);
    expect(ids(listB.body)).not.toContain(policy.body.id);
  });

  describe('webhook keys', () => {
    it('keeps an agent away from /api/webhook-keys: 403 on list, create and revoke', async () => {
      const ownerKey = await t.http
        .post(`/api/webhook-keys?tenant_id=${TA}`)
        .set(bearer(w.owner))
        .send({ name: 'Main line' })
        .expect(201);
      const before = await snapshot(t, 'webhook_keys');
      const auth = bearer(w.agentA.token);
      for (const response of [
        await t.http.get('/api/webhook-keys').set(auth),
        await t.http.post('/api/webhook-keys').set(auth).send({ name: 'Mine' }),
        await t.http.delete(`/api/webhook-keys/${ownerKey.body.id}`).set(auth),
      ]) {
        expect(response.status).toBe(403);
        expect(JSON.stringify(response.body)).not.toContain('vck_');
      }
      expect(await snapshot(t, 'webhook_keys')).toEqual(before);
      const [row] = await t.rows('webhook_keys', '"id" = ?', [ownerKey.body.id]);
      expect(row.revokedAt).toBeNull();
    });

    it('lets an admin manage its own tenant’s webhook keys only', async () => {
      const keyB = await t.http
        .post('/api/webhook-keys')
        .set(bearer(w.adminB.token))
        .send({ name: 'Beta line' })
        .expect(201);
      expect(keyB.body.tenantId).toBe(TB);
      const keyA = await t.http
        .post('/api/webhook-keys')
        .set(bearer(w.adminA.token))
        .send({ name: 'Alpha line' })
        .expect(201);
      expect(keyA.body.tenantId).toBe(TA);
      const [rowA] = await t.rows('webhook_keys', '"id" = ?', [keyA.body.id]);
      expect(rowA).toMatchObject({ tenantId: TA, createdBy: w.adminA.id });

      const auth = bearer(w.adminA.token);
      const list = await t.http.get('/api/webhook-keys?limit=100').set(auth).expect(200);
      const rowsA = await t.rows('webhook_keys', '"tenantId" = ?', [TA]);
      expect(ids(list.body)).toEqual(sortedIds(rowsA));
      expect(ids(list.body)).not.toContain(keyB.body.id);
      expect(list.text).not.toContain(keyA.body.key);

      const [beforeB] = await t.rows('webhook_keys', '"id" = ?', [keyB.body.id]);
      await expectLikeMissing(
        'DELETE webhook-keys',
        (id) => t.http.delete(`/api/webhook-keys/${id}`).set(auth),
        keyB.body.id as string,
      );
      expect(await t.rows('webhook_keys', '"id" = ?', [keyB.body.id])).toEqual([beforeB]);
      expect(beforeB.revokedAt).toBeNull();
      // B's key still opens the webhook, for B.
      const call = await t
        .tool(
          'create_lead',
          { first_name: 'Keyed', phone: '+1 305 555 0170' },
          { callId: 'keyed-call', tenantId: TB, key: keyB.body.key },
        )
        .expect(200);
      expect(call.body.status).toBe('created');
      expect((await t.rows('leads', '"id" = ?', [call.body.lead_id]))[0].tenantId).toBe(TB);
    });
  });

  describe('roles', () => {
    it('refuses an agent any way to change its role or tenant', async () => {
      const auth = bearer(w.agentA.token);
      const before = await snapshot(t, 'users');
      const leadsBefore = await snapshot(t, 'leads');
      // No self-service route exists for it.
      await t.http.patch('/api/auth/me').set(auth).send({ role: 'admin' }).expect(404);
      await t.http.post('/api/auth/me').set(auth).send({ role: 'admin' }).expect(404);
      await t.http.patch(`/api/users/${w.agentA.id}`).set(auth).send({ role: 'admin' }).expect(403);
      // tenantId or role in a record body is an unknown field, named in a 400.
      const attempts: Array<[string, string, Body, string]> = [
        ['post', '/api/leads', { firstName: 'Escalate', phone: '+17865550161', tenantId: TB }, 'tenantId'],
        ['post', '/api/leads', { firstName: 'Escalate', phone: '+17865550161', role: 'admin' }, 'role'],
        ['patch', `/api/leads/${w.A.lead}`, { tenantId: TB }, 'tenantId'],
        ['patch', `/api/leads/${w.A.lead}`, { role: 'owner' }, 'role'],
        ['patch', `/api/messages/${w.A.message}`, { tenantId: TB }, 'tenantId'],
        ['patch', `/api/appointments/${w.A.appointment}`, { role: 'admin' }, 'role'],
        ['patch', `/api/policies/${w.A.policy}`, { tenantId: TB }, 'tenantId'],
        ['post', '/api/sms', { toPhone: '+17865550162', body: 'hi', tenantId: TB }, 'tenantId'],
        ['post', '/api/sms', { toPhone: '+17865550162', body: 'hi', role: 'admin' }, 'role'],
      ];
      for (const [method, path, body, field] of attempts) {
        const response = await (method === 'post' ? t.http.post(path) : t.http.patch(path)).set(auth).send(body);
        expect({ path, field, status: response.status, fields: response.body.fields }).toEqual({
          path,
          field,
          status: 400,
          fields: [field],
        });
        expect(messageText(response.body)).toContain(field);
      }
      expect(await snapshot(t, 'users')).toEqual(before);
      expect(await snapshot(t, 'leads')).toEqual(leadsBefore);
      expect((await t.rows('leads', '"id" = ?', [w.A.lead]))[0].tenantId).toBe(TA);
    });
  });
});
