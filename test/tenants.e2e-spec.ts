/**
 * Tenants and their settings over real HTTP (DESIGN.md §5): only the owner makes and changes them,
 * and a webhook call naming an unknown tenant makes one with the defaults.
 */
import { bearer, createStaff, ids, MISSING_ID, snapshot, sortedIds, ZONE } from './support/staff-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { buildWorld, RESOURCES, TA, TB, World } from './support/two-tenants';
import { Body, json, messageText, namedFields } from './support/values';

describe('Tenants: the owner and the tenants', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps an agent and an admin from creating or changing tenants: 403, rows unchanged', async () => {
    const before = await snapshot(t, 'tenants');
    for (const staff of [w.agentA, w.adminA]) {
      const auth = bearer(staff.token);
      const created = await t.http
        .post('/api/tenants')
        .set(auth)
        .send({ name: 'Rogue', platformTenantId: 'tenancy-rogue' });
      expect(created.status).toBe(403);
      expect(messageText(created.body)).toMatch(/owner/);
      const ownPatch = await t.http
        .patch(`/api/tenants/${w.tenantA.id}`)
        .set(auth)
        .send({ name: 'Renamed', timezone: 'Asia/Tokyo' });
      expect(ownPatch.status).toBe(403);
      const otherPatch = await t.http.patch(`/api/tenants/${w.tenantB.id}`).set(auth).send({ name: 'Renamed' });
      expect(otherPatch.status).toBe(403);
    }
    expect(await snapshot(t, 'tenants')).toEqual(before);
  });

  it('creates a tenant with its settings, and records who did', async () => {
    const input = {
      name: 'Gamma Clinic',
      platformTenantId: 'tenancy-gamma',
      timezone: 'America/Los_Angeles',
      language: 'es',
      defaultCountry: 'MX',
    };
    const response = await t.http.post('/api/tenants').set(bearer(w.owner)).send(input).expect(201);
    expect(response.body).toMatchObject(input);
    const [row] = await t.rows('tenants', '"platformTenantId" = ?', ['tenancy-gamma']);
    expect(row).toMatchObject({ id: response.body.id, ...input });
    const [change] = await t.rows('record_changes', '"recordType" = ? AND "recordId" = ?', [
      'tenant',
      response.body.id,
    ]);
    expect(change).toMatchObject({
      action: 'create',
      actorType: 'user',
      actorId: w.ownerId,
      tenantId: 'tenancy-gamma',
    });
    expect(json(change.changes)).toEqual(input);
    // The owner can give it users, who work inside it.
    const admin = await createStaff(t, w.owner, 'tenancy-gamma', 'admin', 'admin-gamma');
    const me = await t.http.get('/api/auth/me').set(bearer(admin.token)).expect(200);
    expect(me.body.tenant).toMatchObject(input);
    expect((await t.http.get('/api/leads').set(bearer(admin.token)).expect(200)).body.total).toBe(0);
  });

  it('refuses a duplicate platformTenantId with 409, and keeps one row', async () => {
    const before = await snapshot(t, 'tenants');
    for (const platformTenantId of [TA, TB]) {
      const response = await t.http
        .post('/api/tenants')
        .set(bearer(w.owner))
        .send({ name: 'Copycat', platformTenantId, timezone: ZONE, language: 'en', defaultCountry: 'US' })
        .expect(409);
      expect(namedFields(response.body)).toEqual(['platformTenantId']);
      expect(await t.rows('tenants', '"platformTenantId" = ?', [platformTenantId])).toHaveLength(1);
    }
    expect(await snapshot(t, 'tenants')).toEqual(before);
  });

  it('refuses invalid settings with 400 naming each, and writes nothing', async () => {
    const before = await snapshot(t, 'tenants');
    const base = { name: 'Delta', platformTenantId: 'tenancy-delta' };
    for (const [patch, fields] of [
      [{ timezone: 'Mars/Olympus_Mons' }, ['timezone']],
      [{ timezone: 'EST5EDT-not' }, ['timezone']],
      [{ language: 'fr' }, ['language']],
      [{ language: 'EN' }, ['language']],
      [{ defaultCountry: 'XX' }, ['defaultCountry']],
      [{ defaultCountry: 'USA' }, ['defaultCountry']],
      [{ timezone: 'Nowhere/City', language: 'de', defaultCountry: 'ZZ' }, ['timezone', 'language', 'defaultCountry']],
      [{ platformTenantId: 'has spaces' }, ['platformTenantId']],
      [{ name: '' }, ['name']],
    ] as Array<[Body, string[]]>) {
      const response = await t.http
        .post('/api/tenants')
        .set(bearer(w.owner))
        .send({ ...base, ...patch });
      expect({ patch, status: response.status, fields: [...(response.body.fields ?? [])].sort() }).toEqual({
        patch,
        status: 400,
        fields: [...fields].sort(),
      });
    }
    expect(await snapshot(t, 'tenants')).toEqual(before);
  });

  it('updates a tenant’s settings, refuses a new platformTenantId, and records the change', async () => {
    const auth = bearer(w.owner);
    const [before] = await t.rows('tenants', '"id" = ?', [w.tenantA.id]);
    const moved = await t.http
      .patch(`/api/tenants/${w.tenantA.id}`)
      .set(auth)
      .send({ platformTenantId: 'tenancy-renamed' })
      .expect(400);
    expect(namedFields(moved.body)).toEqual(['platformTenantId']);
    for (const [patch, field] of [
      [{ timezone: 'Atlantis/Capital' }, 'timezone'],
      [{ language: 'pt' }, 'language'],
      [{ defaultCountry: 'QQ' }, 'defaultCountry'],
      [{ name: null }, 'name'],
      [{ timezone: null }, 'timezone'],
    ] as Array<[Body, string]>) {
      const response = await t.http.patch(`/api/tenants/${w.tenantA.id}`).set(auth).send(patch).expect(400);
      expect({ patch, fields: namedFields(response.body) }).toEqual({ patch, fields: [field] });
    }
    expect(await t.rows('tenants', '"id" = ?', [w.tenantA.id])).toEqual([before]);

    const updated = await t.http
      .patch(`/api/tenants/${w.tenantA.id}`)
      .set(auth)
      .send({ name: 'Alpha Agency Miami', timezone: 'America/Chicago', language: 'es', defaultCountry: 'MX' })
      .expect(200);
    expect(updated.body).toMatchObject({
      id: w.tenantA.id,
      platformTenantId: TA,
      name: 'Alpha Agency Miami',
      timezone: 'America/Chicago',
      language: 'es',
      defaultCountry: 'MX',
    });
    const [after] = await t.rows('tenants', '"id" = ?', [w.tenantA.id]);
    expect(after).toMatchObject({
      platformTenantId: TA,
      name: 'Alpha Agency Miami',
      timezone: 'America/Chicago',
      language: 'es',
      defaultCountry: 'MX',
    });
    const [change] = await t.rows('record_changes', '"recordType" = ? AND "recordId" = ? AND "action" = ?', [
      'tenant',
      w.tenantA.id,
      'update',
    ]);
    expect(change).toMatchObject({ actorType: 'user', actorId: w.ownerId, tenantId: TA });
    expect(json(change.changes)).toEqual({
      name: 'Alpha Agency Miami',
      timezone: 'America/Chicago',
      language: 'es',
      defaultCountry: 'MX',
    });
    // A's staff see the new settings.
    const me = await t.http.get('/api/auth/me').set(bearer(w.agentA.token)).expect(200);
    expect(me.body.tenant).toMatchObject({
      name: 'Alpha Agency Miami',
      timezone: 'America/Chicago',
      language: 'es',
      defaultCountry: 'MX',
    });

    await t.http.patch(`/api/tenants/${MISSING_ID}`).set(auth).send({ name: 'Nobody' }).expect(404);
    await t.http.patch('/api/tenants/not-a-uuid').set(auth).send({ name: 'Nobody' }).expect(400);
    await t.http.get(`/api/tenants/${MISSING_ID}`).set(auth).expect(404);
  });

  it('creates a tenant with default settings for a webhook call naming an unknown tenant_id', async () => {
    expect(await t.rows('tenants', '"platformTenantId" = ?', ['walk-in-agency'])).toEqual([]);
    const call = await t
      .tool(
        'create_lead',
        { first_name: 'Wanda', phone: '(786) 555-0140' },
        { callId: 'walk-in-call', tenantId: 'walk-in-agency' },
      )
      .expect(200);
    expect(call.body.status).toBe('created');
    const [row] = await t.rows<Body>('tenants', '"platformTenantId" = ?', ['walk-in-agency']);
    expect(row).toMatchObject({ name: 'walk-in-agency', timezone: ZONE, language: 'en', defaultCountry: 'US' });
    expect((await t.rows('leads', '"id" = ?', [call.body.lead_id]))[0].tenantId).toBe('walk-in-agency');

    const list = await t.http.get('/api/tenants').set(bearer(w.owner)).expect(200);
    const listed = (list.body as Body[]).find((tenant) => tenant.platformTenantId === 'walk-in-agency');
    expect(listed).toMatchObject({
      id: row.id,
      name: 'walk-in-agency',
      timezone: ZONE,
      language: 'en',
      defaultCountry: 'US',
    });
    expect((list.body as Body[]).map((tenant) => tenant.id).sort()).toEqual(sortedIds(await t.rows('tenants')));
    // A second call does not make a second tenant.
    await t
      .tool(
        'leave_message',
        { caller_name: 'Wanda', caller_phone: '786 555 0140', message: 'Hello again' },
        { callId: 'walk-in-call', tenantId: 'walk-in-agency' },
      )
      .expect(200);
    expect(await t.rows('tenants', '"platformTenantId" = ?', ['walk-in-agency'])).toHaveLength(1);
    // It is a tenant like any other: the owner can name it and give it users.
    await t.http.patch(`/api/tenants/${row.id}`).set(bearer(w.owner)).send({ name: 'Walk-in Agency' }).expect(200);
    const admin = await createStaff(t, w.owner, 'walk-in-agency', 'admin', 'admin-walkin');
    const leads = await t.http.get('/api/leads').set(bearer(admin.token)).expect(200);
    expect(ids(leads.body)).toEqual([call.body.lead_id]);
  });

  it('reads across tenants without tenant_id, and scopes with ?tenant_id=', async () => {
    const auth = bearer(w.owner);
    for (const r of RESOURCES) {
      const all = await t.http.get(`/api/${r.path}?limit=100`).set(auth).expect(200);
      const rows = await t.rows(r.table);
      expect({ path: r.path, total: all.body.total, ids: ids(all.body) }).toEqual({
        path: r.path,
        total: rows.length,
        ids: sortedIds(rows),
      });
      expect(ids(all.body)).toEqual(expect.arrayContaining([w.A[r.key], w.B[r.key]]));
      for (const [tenant, mine, theirs] of [
        [TA, w.A[r.key], w.B[r.key]],
        [TB, w.B[r.key], w.A[r.key]],
      ]) {
        const scoped = await t.http.get(`/api/${r.path}?limit=100&tenant_id=${tenant}`).set(auth).expect(200);
        const tenantRowsNow = await t.rows(r.table, '"tenantId" = ?', [tenant]);
        expect({ path: r.path, tenant, total: scoped.body.total, ids: ids(scoped.body) }).toEqual({
          path: r.path,
          tenant,
          total: tenantRowsNow.length,
          ids: sortedIds(tenantRowsNow),
        });
        expect(ids(scoped.body)).toContain(mine);
        expect(ids(scoped.body)).not.toContain(theirs);
      }
    }
    const users = await t.http.get('/api/users?limit=100').set(auth).expect(200);
    expect(users.body.total).toBe((await t.rows('users')).length);
    const usersB = await t.http.get(`/api/users?limit=100&tenant_id=${TB}`).set(auth).expect(200);
    expect(ids(usersB.body)).toEqual([w.adminB.id, w.agentB.id].sort());
    const tenants = await t.http.get('/api/tenants').set(auth).expect(200);
    expect((tenants.body as Body[]).map((tenant) => tenant.id).sort()).toEqual(sortedIds(await t.rows('tenants')));
    // A create must name its tenant.
    const unplaced = await t.http
      .post('/api/leads')
      .set(auth)
      .send({ firstName: 'Nowhere', phone: '+17865550141' })
      .expect(400);
    expect(namedFields(unplaced.body)).toEqual(['tenant_id']);
    const unplacedUser = await t.http
      .post('/api/users')
      .set(auth)
      .send({ email: 'nowhere@tenancy.example', password: 'Nowhere-Passw0rd-1', role: 'agent' })
      .expect(400);
    expect(namedFields(unplacedUser.body)).toEqual(['tenant_id']);
    expect(await t.rows('users', '"email" = ?', ['nowhere@tenancy.example'])).toEqual([]);
  });

  it('sets a booking horizon on create and patch, refuses one out of range naming it, and null restores 365', async () => {
    const auth = bearer(w.owner);
    const created = await t.http
      .post('/api/tenants')
      .set(auth)
      .send({ name: 'Horizon', platformTenantId: 'tenancy-horizon', bookingHorizonDays: 90 })
      .expect(201);
    expect(created.body.bookingHorizonDays).toBe(90);
    const row = async () => (await t.rows('tenants', '"id" = ?', [created.body.id]))[0];
    expect((await row()).bookingHorizonDays).toBe(90);

    const before = await snapshot(t, 'tenants');
    for (const bookingHorizonDays of [0, -1, 3651, 1.5, '30', true]) {
      const onCreate = await t.http
        .post('/api/tenants')
        .set(auth)
        .send({ name: 'Bad horizon', platformTenantId: 'tenancy-bad-horizon', bookingHorizonDays });
      expect({ bookingHorizonDays, status: onCreate.status, fields: namedFields(onCreate.body) }).toEqual({
        bookingHorizonDays,
        status: 400,
        fields: ['bookingHorizonDays'],
      });
      const onPatch = await t.http.patch(`/api/tenants/${created.body.id}`).set(auth).send({ bookingHorizonDays });
      expect({ bookingHorizonDays, status: onPatch.status, fields: namedFields(onPatch.body) }).toEqual({
        bookingHorizonDays,
        status: 400,
        fields: ['bookingHorizonDays'],
      });
    }
    expect(await snapshot(t, 'tenants')).toEqual(before);

    await t.http.patch(`/api/tenants/${created.body.id}`).set(auth).send({ bookingHorizonDays: 3650 }).expect(200);
    expect((await row()).bookingHorizonDays).toBe(3650);
    await t.http.patch(`/api/tenants/${created.body.id}`).set(auth).send({ bookingHorizonDays: null }).expect(200);
    expect((await row()).bookingHorizonDays).toBeNull();
  });

  describe('with no settings given', () => {
    let owner: string;

    beforeAll(async () => {
      owner = await t.staffToken();
    });

    it('creates a tenant with the default settings when the owner gives none', async () => {
      const res = await t.http
        .post('/api/tenants')
        .set(bearer(owner))
        .send({ name: 'Bare Agency', platformTenantId: 'bare-agency' })
        .expect(201);
      const [row] = await t.rows('tenants', '"platformTenantId" = ?', ['bare-agency']);
      expect(row).toMatchObject({
        id: res.body.id,
        name: 'Bare Agency',
        timezone: ZONE,
        language: 'en',
        defaultCountry: 'US',
      });
      const duplicate = await t.http
        .post('/api/tenants')
        .set(bearer(owner))
        .send({ name: 'Again', platformTenantId: 'bare-agency' });
      expect(duplicate.status).toBe(409);
    });
  });
});
