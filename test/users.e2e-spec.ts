/**
 * Staff users and their roles over real HTTP (DESIGN.md §5): owners, admins and agents, each
 * admin inside its own tenant, with tenants A and B.
 */
import { bearer, createStaff, expectLikeMissing, login, snapshot } from './support/staff-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { buildWorld, TA, World } from './support/two-tenants';
import { Body, messageText, namedFields } from './support/values';

describe('Users: roles, tenant by tenant', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps an agent out of /api/users: 403 on list, create, get and patch, and nothing changes', async () => {
    const auth = bearer(w.agentA.token);
    const before = await snapshot(t, 'users');
    const attempts = [
      t.http.get('/api/users').set(auth),
      t.http.get(`/api/users?tenant_id=${TA}`).set(auth),
      t.http
        .post('/api/users')
        .set(auth)
        .send({ email: 'sneaky@tenancy.example', password: 'Sneaky-Passw0rd-1', role: 'agent' }),
      t.http
        .post('/api/users')
        .set(auth)
        .send({ email: 'sneaky2@tenancy.example', password: 'Sneaky-Passw0rd-1', role: 'owner' }),
      t.http.get(`/api/users/${w.agentA.id}`).set(auth),
      t.http.get(`/api/users/${w.adminA.id}`).set(auth),
      t.http.patch(`/api/users/${w.agentA.id}`).set(auth).send({ role: 'admin' }),
      t.http.patch(`/api/users/${w.agentA.id}`).set(auth).send({ role: 'owner' }),
      t.http.patch(`/api/users/${w.adminA.id}`).set(auth).send({ active: false }),
      t.http.patch(`/api/users/${w.adminA.id}`).set(auth).send({ password: 'Takeover-Passw0rd-1' }),
    ];
    for (const attempt of attempts) {
      const response = await attempt;
      expect(response.status).toBe(403);
      expect(messageText(response.body)).toMatch(/owner or admin/);
    }
    expect(await snapshot(t, 'users')).toEqual(before);
    const [self] = await t.rows('users', '"id" = ?', [w.agentA.id]);
    expect(self).toMatchObject({ role: 'agent', tenantId: TA, tokenVersion: 0 });
    // Its token still works: it was refused, not revoked.
    await t.http.get('/api/leads').set(auth).expect(200);
  });

  it('refuses an admin making an owner, by create or by patch: 403 naming role', async () => {
    const auth = bearer(w.adminA.token);
    const before = await snapshot(t, 'users');
    for (const path of ['/api/users', `/api/users?tenant_id=${TA}`]) {
      const response = await t.http
        .post(path)
        .set(auth)
        .send({ email: 'new-owner@tenancy.example', password: 'NewOwner-Passw0rd-1', role: 'owner' })
        .expect(403);
      expect(namedFields(response.body)).toEqual(['role']);
      expect(messageText(response.body)).toMatch(/owner/i);
    }
    for (const target of [w.agentA, w.adminA]) {
      const response = await t.http.patch(`/api/users/${target.id}`).set(auth).send({ role: 'owner' }).expect(403);
      expect(namedFields(response.body)).toEqual(['role']);
      expect(messageText(response.body)).toMatch(/owner/i);
    }
    expect(await snapshot(t, 'users')).toEqual(before);
    expect(await t.rows('users', '"email" = ?', ['new-owner@tenancy.example'])).toEqual([]);
    expect(await t.rows('users', '"role" = ?', ['owner'])).toHaveLength(1);
  });

  it('keeps an admin from seeing or editing the owner (404, like a missing user)', async () => {
    const auth = bearer(w.adminA.token);
    const [before] = await t.rows('users', '"id" = ?', [w.ownerId]);
    await expectLikeMissing('GET owner', (id) => t.http.get(`/api/users/${id}`).set(auth), w.ownerId);
    await expectLikeMissing(
      'PATCH owner',
      (id) => t.http.patch(`/api/users/${id}`).set(auth).send({ active: false }),
      w.ownerId,
    );
    await expectLikeMissing(
      'PATCH owner password',
      (id) => t.http.patch(`/api/users/${id}`).set(auth).send({ password: 'Takeover-Passw0rd-1' }),
      w.ownerId,
    );
    expect(await t.rows('users', '"id" = ?', [w.ownerId])).toEqual([before]);
    await t.http.get('/api/tenants').set(bearer(w.owner)).expect(200);
  });

  it('lets an admin create users in its own tenant, and move them between admin and agent', async () => {
    const auth = bearer(w.adminA.token);
    const helper = await createStaff(t, w.adminA.token, TA, 'agent', 'helper-a', false);
    expect((await t.rows('users', '"id" = ?', [helper.id]))[0]).toMatchObject({
      tenantId: TA,
      role: 'agent',
      tokenVersion: 0,
    });
    const promoted = await t.http.patch(`/api/users/${helper.id}`).set(auth).send({ role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ id: helper.id, role: 'admin', tenantId: TA });
    expect(promoted.body.passwordHash).toBeUndefined();
    expect(promoted.body.tokenVersion).toBeUndefined();
    const [row] = await t.rows('users', '"id" = ?', [helper.id]);
    expect(row).toMatchObject({ role: 'admin', tenantId: TA, tokenVersion: 1 });
    // The role change revoked its token; a new login carries the new role.
    await t.http.get('/api/users').set(bearer(helper.token)).expect(401);
    const fresh = await login(t, helper.email, helper.password);
    const users = await t.http.get('/api/users').set(bearer(fresh)).expect(200);
    expect((users.body.data as Body[]).every((user) => user.tenantId === TA)).toBe(true);
  });

  it('refuses a common password, as it is or dressed with digits and symbols, on create and on change: 400 naming password', async () => {
    const auth = bearer(w.adminA.token);
    const before = await snapshot(t, 'users');
    for (const password of ['Password1234', 'PASSWORD1234', 'Sunshine2024!', '1234Qwertyuiop']) {
      const created = await t.http
        .post('/api/users')
        .set(auth)
        .send({ email: 'common@tenancy.example', password, role: 'agent' })
        .expect(400);
      expect([password, namedFields(created.body)]).toEqual([password, ['password']]);
      expect(messageText(created.body)).toContain('password is too common');
      const changed = await t.http.patch(`/api/users/${w.agentA.id}`).set(auth).send({ password }).expect(400);
      expect([password, namedFields(changed.body)]).toEqual([password, ['password']]);
    }
    expect(await snapshot(t, 'users')).toEqual(before);
    // The old password still works: nothing was changed.
    await login(t, w.agentA.email, w.agentA.password);
  });

  it('refuses anyone disabling or re-roling themselves: 400 naming the field', async () => {
    const before = await snapshot(t, 'users');
    const cases: Array<[string, string, Body, string]> = [
      [w.adminA.token, w.adminA.id, { active: false }, 'active'],
      [w.adminA.token, w.adminA.id, { role: 'agent' }, 'role'],
      [w.owner, w.ownerId, { active: false }, 'active'],
    ];
    for (const [token, id, body, field] of cases) {
      const response = await t.http.patch(`/api/users/${id}`).set(bearer(token)).send(body).expect(400);
      expect(namedFields(response.body)).toEqual([field]);
    }
    expect(await snapshot(t, 'users')).toEqual(before);
    await t.http.get('/api/users').set(bearer(w.adminA.token)).expect(200);
  });

  it('never moves a user between owner and a tenant role, even for the owner', async () => {
    const auth = bearer(w.owner);
    const second = await t.http
      .post('/api/users')
      .set(auth)
      .send({ email: 'second-owner@tenancy.example', password: 'SecondOwner-Passw0rd-1', role: 'owner' })
      .expect(201);
    expect(second.body).toMatchObject({ role: 'owner', tenantId: null });
    const before = await snapshot(t, 'users');
    const toOwner = await t.http.patch(`/api/users/${w.agentA.id}`).set(auth).send({ role: 'owner' }).expect(400);
    expect(namedFields(toOwner.body)).toEqual(['role']);
    const toAdmin = await t.http.patch(`/api/users/${second.body.id}`).set(auth).send({ role: 'admin' }).expect(400);
    expect(namedFields(toAdmin.body)).toEqual(['role']);
    expect(await snapshot(t, 'users')).toEqual(before);
    expect((await t.rows('users', '"id" = ?', [w.agentA.id]))[0]).toMatchObject({ role: 'agent', tenantId: TA });
    expect((await t.rows('users', '"id" = ?', [second.body.id]))[0]).toMatchObject({ role: 'owner', tenantId: null });
  });

  it('refuses an admin reusing the email of another tenant’s user, without touching that user', async () => {
    const before = await snapshot(t, 'users');
    const response = await t.http
      .post('/api/users')
      .set(bearer(w.adminA.token))
      .send({ email: w.agentB.email.toUpperCase(), password: 'Takeover-Passw0rd-1', role: 'admin' })
      .expect(409);
    expect(namedFields(response.body)).toEqual(['email']);
    expect(await snapshot(t, 'users')).toEqual(before);
    await login(t, w.agentB.email, w.agentB.password);
    await t.http.post('/api/auth/login').send({ email: w.agentB.email, password: 'Takeover-Passw0rd-1' }).expect(401);
  });

  it('refuses an owner creating a user for a tenant that does not exist: 400 naming tenant_id, no row', async () => {
    const before = await snapshot(t, 'users');
    const tenantsBefore = await snapshot(t, 'tenants');
    for (const role of ['admin', 'agent']) {
      const response = await t.http
        .post('/api/users?tenant_id=no-such-agency')
        .set(bearer(w.owner))
        .send({ email: `phantom-${role}@tenancy.example`, password: 'Phantom-Passw0rd-77', role })
        .expect(400);
      expect(namedFields(response.body)).toEqual(['tenant_id']);
      expect(messageText(response.body)).toMatch(/names no tenant/);
    }
    expect(await snapshot(t, 'users')).toEqual(before);
    expect(await t.rows('users', '"tenantId" = ?', ['no-such-agency'])).toHaveLength(0);
    expect(await snapshot(t, 'tenants')).toEqual(tenantsBefore);
    expect(await t.rows('record_changes', '"tenantId" = ?', ['no-such-agency'])).toHaveLength(0);

    // An unknown tenant_id on a list is a filter that matches nothing, not an error.
    const list = await t.http.get('/api/users?tenant_id=no-such-agency').set(bearer(w.owner)).expect(200);
    expect(list.body).toMatchObject({ total: 0, data: [] });
  });
});
