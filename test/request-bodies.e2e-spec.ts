/**
 * What a staff request body may carry, route by route: forged fields (mass assignment) are
 * refused by name and change no row, and null in a PATCH clears optional fields only.
 */
import { DateTime } from 'luxon';

import { bearer, snapshot, ZONE } from './support/staff-fixtures';
import { createTestApp, TENANT, TestApp } from './support/test-app';
import { buildWorld, TA, TB, World } from './support/two-tenants';
import { Body, instant, messageText, namedFields, weekdayAhead } from './support/values';

describe('Request bodies: mass assignment', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const FORGED: Body = {
    tenantId: TB,
    callId: 'call-forged',
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-01-01T00:00:00.000Z',
    id: '11111111-1111-4111-8111-111111111111',
    handledBy: '22222222-2222-4222-8222-222222222222',
    handledAt: '2020-01-01T00:00:00.000Z',
    ownerId: '33333333-3333-4333-8333-333333333333',
    role: 'owner',
    active: false,
    tokenVersion: 0,
    passwordHash: 'scrypt$1$1$1$AAAA$AAAA',
    email: 'moved@tenancy.example',
    platformTenantId: 'tenancy-moved',
    policyKey: 'FORGED',
    startsAt: '2030-01-01T00:00:00.000Z',
    timezone: 'Asia/Tokyo',
    requestedBy: 'voice_agent',
    status: 'sent',
    provider: 'forged',
    providerMessageId: 'forged-id',
    sentAt: '2020-01-01T00:00:00.000Z',
    keyHash: 'a'.repeat(64),
    prefix: 'vck_forged',
    createdBy: '44444444-4444-4444-8444-444444444444',
    revokedAt: '2020-01-01T00:00:00.000Z',
  };

  interface MassCase {
    route: string;
    method: 'post' | 'patch';
    path: () => string;
    token: () => string;
    body: () => Body;
    table: string;
    fields: string[];
  }

  const cases: MassCase[] = [
    {
      route: 'POST /api/leads',
      method: 'post',
      path: () => '/api/leads',
      token: () => w.agentA.token,
      body: () => ({ firstName: 'Mass', phone: '+17865550180' }),
      table: 'leads',
      fields: ['tenantId', 'callId', 'createdAt', 'updatedAt', 'id', 'ownerId', 'handledBy'],
    },
    {
      route: 'PATCH /api/leads/:id',
      method: 'patch',
      path: () => `/api/leads/${w.A.lead}`,
      token: () => w.agentA.token,
      body: () => ({ status: 'contacted' }),
      table: 'leads',
      fields: ['tenantId', 'callId', 'createdAt', 'updatedAt', 'id', 'handledBy'],
    },
    {
      route: 'PATCH /api/messages/:id',
      method: 'patch',
      path: () => `/api/messages/${w.A.message}`,
      token: () => w.agentA.token,
      body: () => ({ handled: true }),
      table: 'messages',
      fields: ['tenantId', 'callId', 'createdAt', 'updatedAt', 'id', 'handledBy', 'handledAt', 'ownerId'],
    },
    {
      route: 'POST /api/appointments',
      method: 'post',
      path: () => '/api/appointments',
      token: () => w.agentA.token,
      body: () => ({
        callerName: 'Mass',
        phone: '+17865550181',
        purpose: 'x',
        date: weekdayAhead(12, ZONE),
        time: '09:00',
      }),
      table: 'appointments',
      fields: ['tenantId', 'callId', 'createdAt', 'id', 'startsAt', 'timezone', 'ownerId'],
    },
    {
      route: 'PATCH /api/appointments/:id',
      method: 'patch',
      path: () => `/api/appointments/${w.A.appointment}`,
      token: () => w.agentA.token,
      body: () => ({ status: 'confirmed' }),
      table: 'appointments',
      fields: ['tenantId', 'callId', 'createdAt', 'updatedAt', 'id', 'startsAt', 'timezone', 'handledBy'],
    },
    {
      route: 'POST /api/policies',
      method: 'post',
      path: () => '/api/policies',
      token: () => w.agentA.token,
      body: () => ({ policyNumber: 'MASS-1', status: 'active' }),
      table: 'policies',
      fields: ['tenantId', 'policyKey', 'createdAt', 'updatedAt', 'id', 'ownerId'],
    },
    {
      route: 'PATCH /api/policies/:id',
      method: 'patch',
      path: () => `/api/policies/${w.A.policy}`,
      token: () => w.agentA.token,
      body: () => ({ status: 'suspended' }),
      table: 'policies',
      fields: ['tenantId', 'policyKey', 'createdAt', 'id', 'callId'],
    },
    {
      route: 'POST /api/sms',
      method: 'post',
      path: () => '/api/sms',
      token: () => w.agentA.token,
      body: () => ({ toPhone: '+17865550182', body: 'Mass text' }),
      table: 'sms_messages',
      fields: [
        'tenantId',
        'callId',
        'requestedBy',
        'status',
        'provider',
        'providerMessageId',
        'sentAt',
        'id',
        'createdAt',
      ],
    },
    {
      route: 'POST /api/users',
      method: 'post',
      path: () => '/api/users',
      token: () => w.adminA.token,
      body: () => ({ email: 'mass-user@tenancy.example', password: 'MassUser-Passw0rd-1', role: 'agent' }),
      table: 'users',
      fields: ['tenantId', 'active', 'tokenVersion', 'passwordHash', 'id', 'createdAt'],
    },
    {
      route: 'PATCH /api/users/:id',
      method: 'patch',
      path: () => `/api/users/${w.agentA.id}`,
      token: () => w.adminA.token,
      body: () => ({ name: 'Renamed agent' }),
      table: 'users',
      fields: ['tenantId', 'email', 'tokenVersion', 'passwordHash', 'id', 'createdAt'],
    },
    {
      route: 'POST /api/tenants',
      method: 'post',
      path: () => '/api/tenants',
      token: () => w.owner,
      body: () => ({
        name: 'Mass Tenant',
        platformTenantId: 'tenancy-mass',
        timezone: 'Europe/Lisbon',
        language: 'en',
        defaultCountry: 'PT',
      }),
      table: 'tenants',
      fields: ['id', 'createdAt', 'updatedAt', 'tenantId'],
    },
    {
      route: 'PATCH /api/tenants/:id',
      method: 'patch',
      path: () => `/api/tenants/${w.tenantA.id}`,
      token: () => w.owner,
      body: () => ({ name: 'Renamed Alpha' }),
      table: 'tenants',
      fields: ['platformTenantId', 'id', 'createdAt', 'updatedAt', 'tenantId'],
    },
    {
      route: 'POST /api/webhook-keys',
      method: 'post',
      path: () => '/api/webhook-keys',
      token: () => w.adminA.token,
      body: () => ({ name: 'Mass key' }),
      table: 'webhook_keys',
      fields: ['tenantId', 'keyHash', 'prefix', 'createdBy', 'revokedAt', 'id'],
    },
  ];

  it.each(cases.map((c) => [c.route, c] as const))(
    '%s refuses each forged field with 400 naming it, and changes no row',
    async (_route, c) => {
      const sentBefore = t.vonage.requests;
      const changesBefore = await snapshot(t, 'record_changes');
      for (const field of c.fields) {
        const before = await snapshot(t, c.table);
        const request = c.method === 'post' ? t.http.post(c.path()) : t.http.patch(c.path());
        const response = await request.set(bearer(c.token())).send({ ...c.body(), [field]: FORGED[field] });
        expect({ field, status: response.status, fields: response.body.fields }).toEqual({
          field,
          status: 400,
          fields: [field],
        });
        expect(messageText(response.body)).toContain(field);
        expect(await snapshot(t, c.table)).toEqual(before);
      }
      // All of them at once: every one is named.
      const before = await snapshot(t, c.table);
      const all = Object.fromEntries(c.fields.map((field) => [field, FORGED[field]]));
      const request = c.method === 'post' ? t.http.post(c.path()) : t.http.patch(c.path());
      const response = await request.set(bearer(c.token())).send({ ...c.body(), ...all });
      expect(response.status).toBe(400);
      expect([...namedFields(response.body)].sort()).toEqual([...c.fields].sort());
      expect(await snapshot(t, c.table)).toEqual(before);
      expect(await snapshot(t, 'record_changes')).toEqual(changesBefore);
      expect(t.vonage.requests).toBe(sentBefore);
      // The same body without the forged fields is accepted: the 400s were about them alone.
      const clean = c.method === 'post' ? t.http.post(c.path()) : t.http.patch(c.path());
      const accepted = await clean.set(bearer(c.token())).send(c.body());
      expect({ route: c.route, status: accepted.status }).toEqual({
        route: c.route,
        status: c.method === 'post' ? 201 : 200,
      });
      if (c.table !== 'tenants') {
        const [row] = await t.rows(c.table, '"id" = ?', [accepted.body.id]);
        expect(row.tenantId).toBe(TA);
      }
    },
  );
});

describe('Request bodies: null in a PATCH', () => {
  let t: TestApp;
  const auth = async () => ({ Authorization: `Bearer ${await t.staffToken()}` });

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    [
      'leads',
      { firstName: 'Nina', lastName: 'Ruiz', phone: '+13055550160', email: 'nina@example.com' },
      ['firstName', 'phone', 'status'],
    ],
    [
      'policies',
      { policyNumber: 'NUL-100', status: 'active', lastName: 'Ruiz', phone: '+13055550161' },
      ['policyNumber', 'status'],
    ],
    [
      'appointments',
      { callerName: 'Nina', phone: '+13055550162', purpose: 'review', date: weekdayAhead(9, ZONE), time: '10:00' },
      ['callerName', 'purpose', 'status', 'durationMinutes', 'date'],
    ],
  ])(
    'refuses null for a required %s field with 400 naming it, and leaves the row alone',
    async (resource, body, requiredFields) => {
      const created = await t.http
        .post(`/api/${resource}?tenant_id=${TENANT}`)
        .set(await auth())
        .send(body)
        .expect(201);
      const [before] = await t.rows(resource, '"id" = ?', [created.body.id]);
      for (const field of requiredFields) {
        const response = await t.http
          .patch(`/api/${resource}/${created.body.id}?tenant_id=${TENANT}`)
          .set(await auth())
          .send({ [field]: null });
        expect([field, response.status]).toEqual([field, 400]);
        expect(namedFields(response.body)).toEqual([field]);
      }
      expect(await t.rows(resource, '"id" = ?', [created.body.id])).toEqual([before]);
    },
  );

  it('clears optional fields with null', async () => {
    const lead = await t.http
      .post(`/api/leads?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ firstName: 'Omar', lastName: 'Diaz', phone: '+13055550163', email: 'omar@example.com' })
      .expect(201);
    await t.http
      .patch(`/api/leads/${lead.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ lastName: null, email: null })
      .expect(200);
    expect((await t.rows('leads', '"id" = ?', [lead.body.id]))[0]).toMatchObject({
      firstName: 'Omar',
      lastName: null,
      email: null,
    });

    const policy = await t.http
      .post(`/api/policies?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ policyNumber: 'NUL-200', status: 'active', phone: '+13055550164' })
      .expect(201);
    await t.http
      .patch(`/api/policies/${policy.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ phone: null })
      .expect(200);
    expect((await t.rows('policies', '"id" = ?', [policy.body.id]))[0]).toMatchObject({
      phone: null,
      status: 'active',
    });

    const date = weekdayAhead(9, ZONE);
    const appointment = await t.http
      .post(`/api/appointments?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ callerName: 'Omar', phone: '+13055550165', purpose: 'review', date, time: '15:00' })
      .expect(201);
    await t.http
      .patch(`/api/appointments/${appointment.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ time: null })
      .expect(200);
    const [row] = await t.rows('appointments', '"id" = ?', [appointment.body.id]);
    expect(row.time).toBeNull();
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(date, { zone: ZONE }).toMillis());
  });

  it('refuses null for handled and urgent on a message', async () => {
    await t
      .tool(
        'leave_message',
        { caller_name: 'Ivy', caller_phone: '+13055550166', message: 'Call me.' },
        { callId: 'call-null-msg' },
      )
      .expect(200);
    const [message] = await t.rows<{ id: string }>('messages', '"callId" = ?', ['call-null-msg']);
    for (const field of ['handled', 'urgent']) {
      const response = await t.http
        .patch(`/api/messages/${message.id}?tenant_id=${TENANT}`)
        .set(await auth())
        .send({ [field]: null });
      expect([field, response.status]).toEqual([field, 400]);
    }
  });
});
