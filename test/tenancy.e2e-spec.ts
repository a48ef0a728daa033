/**
 * Multi-tenancy over real HTTP (DESIGN.md §5): tenants A and B, an admin and an agent in each,
 * records in both, and the owner who spans them. The whole AppModule runs on a real database
 * (SQLite, or PostgreSQL with DATABASE_URL) with a fake Vonage on loopback; every test asserts
 * the rows the database holds, not only the HTTP status.
 */
import { createHmac } from 'node:crypto';

import { DateTime } from 'luxon';

import { ADMIN, createTestApp, TestApp } from './support/test-app';
import { Body, bool, instant, json, messageText, namedFields, weekdayAhead } from './support/values';

const TA = 'tenancy-alpha';
const TB = 'tenancy-beta';
const ZONE = 'America/New_York';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const JWT_SECRET = 'tenancy-spec-jwt-secret-0123456789abcdef0123456789';

type Reply = { status: number; body: any; text: string };
type Send = (id: string) => PromiseLike<Reply>;

interface Staff {
  id: string;
  email: string;
  password: string;
  tenantId: string;
  token: string;
}

interface Seeded {
  callId: string;
  lead: string;
  message: string;
  appointment: string;
  policy: string;
  sms: string;
  toolCall: string;
}

interface World {
  owner: string;
  ownerId: string;
  tenantA: Body;
  tenantB: Body;
  adminA: Staff;
  agentA: Staff;
  adminB: Staff;
  agentB: Staff;
  A: Seeded;
  B: Seeded;
}

function ids(page: Body): string[] {
  return (page.data as Body[]).map((item) => item.id as string).sort();
}

function sortedIds(rows: Body[]): string[] {
  return rows.map((row) => row.id as string).sort();
}

/** Lets the clock move on, so that records made one after the other have distinct stamps. */
function pause(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A staff token signed with the app's secret, as @nestjs/jwt signs them (HS256, staff audience). */
function signStaffToken(claims: { sub: string; email: string; ver: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, aud: 'voice-crm:staff', iat: now, exp: now + 600 })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function login(t: TestApp, email: string, password: string): Promise<string> {
  return (await t.http.post('/api/auth/login').send({ email, password }).expect(200)).body.access_token as string;
}

/** Rows of a table, in id order, for before/after comparisons. */
async function snapshot(t: TestApp, table: string, where?: string, parameters?: unknown[]): Promise<Body[]> {
  const rows = await t.rows<Body>(table, where, parameters);
  return rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** A user made through the API (as the owner with ?tenant_id=, or as an admin), then logged in. */
async function createStaff(
  t: TestApp,
  token: string,
  tenantId: string,
  role: 'admin' | 'agent',
  label: string,
  viaTenantParam = true,
): Promise<Staff> {
  const email = `${label}@tenancy.example`;
  const password = `${label.toUpperCase()}-secret-pass-2026`;
  const path = viaTenantParam ? `/api/users?tenant_id=${tenantId}` : '/api/users';
  const response = await t.http.post(path).set(bearer(token)).send({ email, password, role, name: label }).expect(201);
  expect(response.body).toMatchObject({ email, role, tenantId, active: true });
  const [row] = await t.rows('users', '"id" = ?', [response.body.id]);
  expect(row).toMatchObject({ email, role, tenantId });
  return { id: response.body.id as string, email, password, tenantId, token: await login(t, email, password) };
}

interface SeedSpec {
  lead: Body;
  message: Body;
  appointment: Body;
  policy: Body;
  sms: Body;
}

// The same words, numbers and policy number in both tenants: a search or lookup that crossed
// tenants would find the other tenant's twin.
// Tenant B reads national numbers as Spanish (defaultCountry ES), so its US numbers carry +1.
const SEED: Record<'A' | 'B', SeedSpec> = {
  A: {
    lead: {
      first_name: 'Alicia',
      last_name: 'Stone',
      phone: '(786) 555-0198',
      email: 'alicia.stone@alpha-agency.com',
      interest: 'auto insurance',
    },
    message: {
      caller_name: 'Marta Alvarez',
      caller_phone: '786 555 0110',
      message: 'Please call me back about my renewal.',
      urgent: 'yes',
    },
    appointment: { caller_name: 'Nora Quinn', phone: '786 555 0111', time: '10:00', purpose: 'policy review' },
    policy: {
      policyNumber: 'POL-778899',
      status: 'active',
      firstName: 'Alicia',
      lastName: 'Stone',
      phone: '+17865550198',
      renewalDate: '2027-03-01',
    },
    sms: { toPhone: '(786) 555-0112', body: 'Your documents are ready, Alicia.', purpose: 'documents' },
  },
  B: {
    lead: {
      first_name: 'Bruno',
      last_name: 'Keller',
      phone: '+1 (305) 555-0198',
      email: 'bruno.keller@beta-brokers.com',
      interest: 'home insurance',
    },
    message: {
      caller_name: 'Marta Lang',
      caller_phone: '+1 305 555 0110',
      message: 'Please call me back about a claim.',
    },
    appointment: { caller_name: 'Nora Ross', phone: '+1 305 555 0111', time: '11:00', purpose: 'policy review' },
    policy: {
      policyNumber: 'POL-778899',
      status: 'lapsed',
      firstName: 'Bruno',
      lastName: 'Keller',
      phone: '+13055550198',
      renewalDate: '2026-12-01',
    },
    sms: { toPhone: '+1 (305) 555-0112', body: 'Your documents are ready, Bruno.', purpose: 'documents' },
  },
};

async function seedTenant(t: TestApp, owner: string, tenantId: string, agent: Staff, spec: SeedSpec): Promise<Seeded> {
  const callId = `seed-call-${tenantId}`;
  const lead = await t.tool('create_lead', spec.lead, { callId, tenantId }).expect(200);
  expect(lead.body.status).toBe('created');
  const message = await t.tool('leave_message', spec.message, { callId, tenantId }).expect(200);
  expect(message.body.status).toBe('saved');
  const appointment = await t
    .tool('schedule_appointment', { ...spec.appointment, date: weekdayAhead(9, ZONE) }, { callId, tenantId })
    .expect(200);
  expect(appointment.body.status).toBe('scheduled');
  const policy = await t.http
    .post(`/api/policies?tenant_id=${tenantId}`)
    .set(bearer(owner))
    .send(spec.policy)
    .expect(201);
  expect(policy.body.tenantId).toBe(tenantId);
  // The agent sends it without naming a tenant: it goes out in the agent's own.
  const sms = await t.http.post('/api/sms').set(bearer(agent.token)).send(spec.sms).expect(201);
  expect(sms.body).toMatchObject({ tenantId, status: 'sent', requestedBy: agent.id });
  const [toolCall] = await t.rows<{ id: string }>('tool_calls', '"callId" = ? AND "function_name" = ?', [
    callId,
    'create_lead',
  ]);
  return {
    callId,
    lead: lead.body.lead_id as string,
    message: message.body.message_id as string,
    appointment: appointment.body.appointment_id as string,
    policy: policy.body.id as string,
    sms: sms.body.id as string,
    toolCall: toolCall.id,
  };
}

/** Tenants A and B made by the owner, an admin and an agent in each, and records in both. */
async function buildWorld(t: TestApp): Promise<World> {
  const owner = await t.staffToken();
  const [ownerRow] = await t.rows<{ id: string }>('users', '"email" = ?', [ADMIN.email]);
  const tenantA = (
    await t.http
      .post('/api/tenants')
      .set(bearer(owner))
      .send({ name: 'Alpha Agency', platformTenantId: TA, timezone: ZONE, language: 'en', defaultCountry: 'US' })
      .expect(201)
  ).body as Body;
  const tenantB = (
    await t.http
      .post('/api/tenants')
      .set(bearer(owner))
      .send({
        name: 'Beta Brokers',
        platformTenantId: TB,
        timezone: 'Europe/Madrid',
        language: 'es',
        defaultCountry: 'ES',
      })
      .expect(201)
  ).body as Body;
  const adminA = await createStaff(t, owner, TA, 'admin', 'admin-a');
  const agentA = await createStaff(t, owner, TA, 'agent', 'agent-a');
  const adminB = await createStaff(t, owner, TB, 'admin', 'admin-b');
  const agentB = await createStaff(t, owner, TB, 'agent', 'agent-b');
  const A = await seedTenant(t, owner, TA, agentA, SEED.A);
  const B = await seedTenant(t, owner, TB, agentB, SEED.B);
  return { owner, ownerId: ownerRow.id, tenantA, tenantB, adminA, agentA, adminB, agentB, A, B };
}

/** The same request for a missing id and for `foreignId`: both 404, with the same body. */
async function expectLikeMissing(label: string, send: Send, foreignId: string): Promise<void> {
  const missing = await send(MISSING_ID);
  const foreign = await send(foreignId);
  expect({ label, status: missing.status }).toEqual({ label, status: 404 });
  expect({ label, status: foreign.status, body: foreign.body }).toEqual({ label, status: 404, body: missing.body });
  expect(foreign.text).not.toContain(foreignId);
}

interface ResourceSpec {
  path: string;
  table: string;
  key: keyof Omit<Seeded, 'callId'>;
  /** A valid patch, where the route exists. */
  patch?: Body;
  remove?: boolean;
}

const RESOURCES: ResourceSpec[] = [
  { path: 'leads', table: 'leads', key: 'lead', patch: { status: 'lost', firstName: 'Hijacked' }, remove: true },
  { path: 'messages', table: 'messages', key: 'message', patch: { handled: true, urgent: false } },
  {
    path: 'appointments',
    table: 'appointments',
    key: 'appointment',
    patch: { status: 'cancelled', notes: 'hijacked' },
  },
  {
    path: 'policies',
    table: 'policies',
    key: 'policy',
    patch: { status: 'cancelled', lastName: 'Hijacked' },
    remove: true,
  },
  { path: 'sms', table: 'sms_messages', key: 'sms' },
  { path: 'tool-calls', table: 'tool_calls', key: 'toolCall' },
];

/** Everything tenant B owns, table by table. */
async function tenantRows(t: TestApp, tenantId: string): Promise<Record<string, Body[]>> {
  const result: Record<string, Body[]> = {};
  for (const table of [
    'leads',
    'messages',
    'appointments',
    'policies',
    'sms_messages',
    'tool_calls',
    'users',
    'webhook_keys',
  ]) {
    result[table] = await snapshot(t, table, '"tenantId" = ?', [tenantId]);
  }
  result.tenants = await snapshot(t, 'tenants', '"platformTenantId" = ?', [tenantId]);
  return result;
}

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
        // An agent does not reach users at all (see the roles suite); for B's users it is the same 403.
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
});

describe('Tenancy: roles', () => {
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
});

describe('Tenancy: mass assignment', () => {
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

describe('Tenancy: disabled users and revoked tokens', () => {
  let t: TestApp;
  let w: World;
  let agent: Staff;

  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET });
    w = await buildWorld(t);
    agent = await createStaff(t, w.adminA.token, TA, 'agent', 'temp-agent-a', false);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function loginFailure(email: string, password: string): Promise<Body> {
    const response = await t.http.post('/api/auth/login').send({ email, password }).expect(401);
    expect(response.body.access_token).toBeUndefined();
    return response.body as Body;
  }

  it('answers GET /api/auth/me with the user and its tenant’s settings, never its secrets', async () => {
    const me = await t.http.get('/api/auth/me').set(bearer(w.agentB.token)).expect(200);
    const [row] = await t.rows('users', '"id" = ?', [w.agentB.id]);
    expect(me.body).toMatchObject({
      id: w.agentB.id,
      email: w.agentB.email,
      role: 'agent',
      tenantId: TB,
      active: true,
      name: 'agent-b',
    });
    expect(me.body.tenant).toMatchObject({
      id: w.tenantB.id,
      platformTenantId: TB,
      name: 'Beta Brokers',
      timezone: 'Europe/Madrid',
      language: 'es',
      defaultCountry: 'ES',
    });
    expect(me.body.passwordHash).toBeUndefined();
    expect(me.body.tokenVersion).toBeUndefined();
    expect(me.text).not.toContain(String(row.passwordHash));
    expect(me.text).not.toContain(w.agentB.password);

    const mine = await t.http.get('/api/auth/me').set(bearer(w.adminA.token)).expect(200);
    expect(mine.body).toMatchObject({
      id: w.adminA.id,
      role: 'admin',
      tenantId: TA,
      tenant: { platformTenantId: TA, timezone: ZONE, language: 'en', defaultCountry: 'US' },
    });

    const owner = await t.http.get('/api/auth/me').set(bearer(w.owner)).expect(200);
    expect(owner.body).toMatchObject({
      id: w.ownerId,
      email: ADMIN.email,
      role: 'owner',
      tenantId: null,
      tenant: null,
    });
    expect(owner.body.passwordHash).toBeUndefined();
    expect(owner.body.tokenVersion).toBeUndefined();
  });

  it('refuses a disabled user at its very next request, and at login like a wrong password', async () => {
    await t.http.get('/api/leads').set(bearer(agent.token)).expect(200);
    const disabled = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ active: false })
      .expect(200);
    expect(disabled.body).toMatchObject({ id: agent.id, active: false, role: 'agent', tenantId: TA });
    expect(disabled.body.passwordHash).toBeUndefined();
    expect(disabled.body.tokenVersion).toBeUndefined();
    const [row] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(bool(row.active)).toBe(false);
    expect(row.tokenVersion).toBe(1);

    for (const path of ['/api/leads', '/api/auth/me', `/api/leads/${w.A.lead}`, `/api/calls/${w.A.callId}`]) {
      const response = await t.http.get(path).set(bearer(agent.token));
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
    // Refused for being disabled, not only for the old version: a token of the current version is refused too.
    const current = signStaffToken({ sub: agent.id, email: agent.email, ver: row.tokenVersion as number });
    await t.http.get('/api/leads').set(bearer(current)).expect(401);
    // (The same forged token for an active user of its current version is accepted: the signing is right.)
    await t.http
      .get('/api/leads')
      .set(bearer(signStaffToken({ sub: w.agentA.id, email: w.agentA.email, ver: 0 })))
      .expect(200);
    await t.http
      .get('/api/leads')
      .set(bearer(signStaffToken({ sub: w.agentA.id, email: w.agentA.email, ver: 1 })))
      .expect(401);
    const refused = await t.http
      .post('/api/leads')
      .set(bearer(agent.token))
      .send({ firstName: 'Ghost', phone: '+17865550190' })
      .expect(401);
    expect(refused.body.statusCode).toBe(401);
    expect(await t.rows('leads', '"firstName" = ?', ['Ghost'])).toEqual([]);

    const rightPassword = await loginFailure(agent.email, agent.password);
    const wrongPassword = await loginFailure(agent.email, `${agent.password}x`);
    const activeWrongPassword = await loginFailure(w.agentA.email, `${w.agentA.password}x`);
    const unknown = await loginFailure('nobody@tenancy.example', agent.password);
    expect(rightPassword).toEqual(wrongPassword);
    expect(rightPassword).toEqual(activeWrongPassword);
    expect(rightPassword).toEqual(unknown);
  });

  it('needs a new login after re-enabling: the old token stays refused', async () => {
    const enabled = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ active: true })
      .expect(200);
    expect(enabled.body.active).toBe(true);
    const [row] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(bool(row.active)).toBe(true);
    expect(row.tokenVersion).toBe(2);
    await t.http.get('/api/leads').set(bearer(agent.token)).expect(401);
    agent.token = await login(t, agent.email, agent.password);
    const list = await t.http.get('/api/leads').set(bearer(agent.token)).expect(200);
    expect((list.body.data as Body[]).every((lead) => lead.tenantId === TA)).toBe(true);
  });

  it('revokes the old token when the admin changes the password', async () => {
    const oldToken = agent.token;
    const oldPassword = agent.password;
    const newPassword = 'Rotated-Secret-Passw0rd';
    const [before] = await t.rows('users', '"id" = ?', [agent.id]);
    const response = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ password: newPassword })
      .expect(200);
    expect(response.text).not.toContain(newPassword);
    expect(response.body.passwordHash).toBeUndefined();
    const [after] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(String(after.passwordHash)).not.toContain(newPassword);
    expect(after.tokenVersion).toBe((before.tokenVersion as number) + 1);
    await t.http.get('/api/leads').set(bearer(oldToken)).expect(401);
    await loginFailure(agent.email, oldPassword);
    agent.token = await login(t, agent.email, newPassword);
    agent.password = newPassword;
    await t.http.get('/api/auth/me').set(bearer(agent.token)).expect(200);
  });

  it('leaves other users’ tokens alone', async () => {
    await t.http.get('/api/leads').set(bearer(w.agentA.token)).expect(200);
    await t.http.get('/api/users').set(bearer(w.adminA.token)).expect(200);
    expect((await t.rows('users', '"id" = ?', [w.agentA.id]))[0].tokenVersion).toBe(0);
  });

  it('lets B’s admin disable B’s agent but not A’s', async () => {
    const [before] = await t.rows('users', '"id" = ?', [w.agentA.id]);
    await t.http.patch(`/api/users/${w.agentA.id}`).set(bearer(w.adminB.token)).send({ active: false }).expect(404);
    expect(await t.rows('users', '"id" = ?', [w.agentA.id])).toEqual([before]);
    await t.http.get('/api/leads').set(bearer(w.agentA.token)).expect(200);

    await t.http.patch(`/api/users/${w.agentB.id}`).set(bearer(w.adminB.token)).send({ active: false }).expect(200);
    await t.http.get('/api/leads').set(bearer(w.agentB.token)).expect(401);
    expect(bool((await t.rows('users', '"id" = ?', [w.agentB.id]))[0].active)).toBe(false);
  });
});

describe('Tenancy: the owner and the tenants', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
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
    const [row] = await t.rows('tenants', '"platformTenantId" = ?', ['walk-in-agency']);
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
});

describe('Tenancy: the record of changes', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const changesOf = (recordType: string, recordId: string, action: string) =>
    t.rows('record_changes', '"recordType" = ? AND "recordId" = ? AND "action" = ?', [recordType, recordId, action]);

  it('records a staff update of a lead: who, what, and only the fields it set', async () => {
    expect(await changesOf('lead', w.A.lead, 'update')).toEqual([]);
    await t.http
      .patch(`/api/leads/${w.A.lead}`)
      .set(bearer(w.agentA.token))
      .send({ status: 'contacted', notes: 'Called back at 3pm' })
      .expect(200);
    const rows = await changesOf('lead', w.A.lead, 'update');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: TA,
      callId: null,
      recordType: 'lead',
      recordId: w.A.lead,
      action: 'update',
      actorType: 'user',
      actorId: w.agentA.id,
    });
    expect(json(rows[0].changes)).toEqual({ status: 'contacted', notes: 'Called back at 3pm' });
    // A second update by another user is a second row, with its own actor.
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.adminA.token)).send({ status: 'qualified' }).expect(200);
    const again = await changesOf('lead', w.A.lead, 'update');
    expect(again).toHaveLength(2);
    const byAdmin = again.find((row) => row.actorId === w.adminA.id);
    expect(json(byAdmin?.changes)).toEqual({ status: 'qualified' });
  });

  it('records creates and deletes, and the changes of the other resources, in their tenant', async () => {
    const lead = await t.http
      .post('/api/leads')
      .set(bearer(w.agentB.token))
      .send({ firstName: 'Audit', phone: '+1 (305) 555-0130' })
      .expect(201);
    const [created] = await changesOf('lead', lead.body.id, 'create');
    expect(created).toMatchObject({ tenantId: TB, actorType: 'user', actorId: w.agentB.id });
    expect(json(created.changes)).toMatchObject({ firstName: 'Audit' });
    await t.http.delete(`/api/leads/${lead.body.id}`).set(bearer(w.adminB.token)).expect(204);
    const [deleted] = await changesOf('lead', lead.body.id, 'delete');
    expect(deleted).toMatchObject({ tenantId: TB, actorType: 'user', actorId: w.adminB.id });
    expect(await t.rows('leads', '"id" = ?', [lead.body.id])).toEqual([]);

    await t.http.patch(`/api/messages/${w.B.message}`).set(bearer(w.agentB.token)).send({ handled: true }).expect(200);
    const [message] = await changesOf('message', w.B.message, 'update');
    expect(message).toMatchObject({ tenantId: TB, actorId: w.agentB.id });
    expect(json(message.changes)).toEqual({ handled: true });
    expect((await t.rows('messages', '"id" = ?', [w.B.message]))[0].handledBy).toBe(w.agentB.id);

    await t.http
      .patch(`/api/appointments/${w.A.appointment}`)
      .set(bearer(w.agentA.token))
      .send({ status: 'confirmed' })
      .expect(200);
    expect((await changesOf('appointment', w.A.appointment, 'update'))[0]).toMatchObject({
      tenantId: TA,
      actorId: w.agentA.id,
    });

    await t.http
      .patch(`/api/policies/${w.A.policy}`)
      .set(bearer(w.adminA.token))
      .send({ status: 'suspended' })
      .expect(200);
    expect((await changesOf('policy', w.A.policy, 'update'))[0]).toMatchObject({ tenantId: TA, actorId: w.adminA.id });

    const [smsChange] = await changesOf('sms', w.A.sms, 'create');
    expect(smsChange).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.agentA.id });

    // A refused request (another tenant's record) records nothing.
    const before = (await t.rows('record_changes')).length;
    await t.http.patch(`/api/leads/${w.B.lead}`).set(bearer(w.agentA.token)).send({ status: 'lost' }).expect(404);
    expect(await t.rows('record_changes')).toHaveLength(before);
  });

  it('keeps passwords and their hashes out of the record of a user’s create and password change', async () => {
    const password = 'Audited-Initial-Passw0rd';
    const created = await t.http
      .post('/api/users')
      .set(bearer(w.adminA.token))
      .send({ email: 'audited@tenancy.example', password, role: 'agent' })
      .expect(201);
    const id = created.body.id as string;
    const [createRow] = await changesOf('user', id, 'create');
    expect(createRow).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.adminA.id });
    expect(json(createRow.changes)).toMatchObject({
      email: 'audited@tenancy.example',
      role: 'agent',
      password: '(changed)',
    });

    const changed = 'Audited-Changed-Passw0rd';
    await t.http.patch(`/api/users/${id}`).set(bearer(w.adminA.token)).send({ password: changed }).expect(200);
    const [updateRow] = await changesOf('user', id, 'update');
    expect(updateRow).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.adminA.id });
    expect(json(updateRow.changes)).toEqual({ password: '(changed)' });

    const [user] = await t.rows('users', '"id" = ?', [id]);
    const hash = String(user.passwordHash);
    const key = hash.split('$')[5];
    const everything = JSON.stringify(await t.rows('record_changes'));
    for (const secret of [password, changed, hash, key]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('passwordHash');
  });
});

describe('Tenancy: search and filters', () => {
  let t: TestApp;
  let w: World;
  let marco: string;
  let aliciaB: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    marco = (
      await t.http
        .post('/api/leads')
        .set(bearer(w.agentA.token))
        .send({ firstName: 'Marco', lastName: 'Ruiz', phone: '786-555-0123', email: 'marco.ruiz@alpha-agency.com' })
        .expect(201)
    ).body.id as string;
    aliciaB = (
      await t.http
        .post('/api/leads')
        .set(bearer(w.agentB.token))
        .send({
          firstName: 'Alicia',
          lastName: 'Berg',
          phone: '+1 (305) 555-0177',
          email: 'alicia.berg@beta-brokers.com',
        })
        .expect(201)
    ).body.id as string;
  });

  afterAll(async () => {
    await t?.close();
  });

  const search = async (token: string, path: string, query: Record<string, string>) => {
    const response = await t.http
      .get(path)
      .query({ limit: '100', ...query })
      .set(bearer(token))
      .expect(200);
    expect(response.body.total).toBe(response.body.data.length);
    return ids(response.body);
  };

  it('finds leads by first name, in any letter case, inside the tenant', async () => {
    for (const q of ['alicia', 'ALICIA', 'aLiCiA', ' Alicia ', 'lici']) {
      expect({ q, found: await search(w.agentA.token, '/api/leads', { q }) }).toEqual({ q, found: [w.A.lead] });
      expect({ q, found: await search(w.agentB.token, '/api/leads', { q }) }).toEqual({ q, found: [aliciaB] });
    }
    expect(await search(w.owner, '/api/leads', { q: 'alicia' })).toEqual([w.A.lead, aliciaB].sort());
    expect(await search(w.owner, '/api/leads', { q: 'alicia', tenant_id: TB })).toEqual([aliciaB]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'stone' })).toEqual([w.A.lead]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'bruno' })).toEqual([]);
  });

  it('finds leads by a fragment of the email', async () => {
    expect(await search(w.agentA.token, '/api/leads', { q: 'stone@alpha' })).toEqual([w.A.lead]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'ALPHA-AGENCY.COM' })).toEqual([w.A.lead, marco].sort());
    expect(await search(w.agentA.token, '/api/leads', { q: 'beta-brokers' })).toEqual([]);
    expect(await search(w.agentB.token, '/api/leads', { q: 'beta-brokers' })).toEqual([w.B.lead, aliciaB].sort());
  });

  it('finds leads by phone digits however they are typed', async () => {
    for (const q of ['(786) 555-0198', '786-555-0198', '+1 786 555 0198', '7865550198', '555-0198', '0198']) {
      expect({ q, found: await search(w.agentA.token, '/api/leads', { q }) }).toEqual({ q, found: [w.A.lead] });
    }
    // B has a lead ending in 0198 too: each tenant finds its own, the owner both.
    expect(await search(w.agentB.token, '/api/leads', { q: '0198' })).toEqual([w.B.lead]);
    expect(await search(w.owner, '/api/leads', { q: '0198' })).toEqual([w.A.lead, w.B.lead].sort());
    expect(await search(w.agentA.token, '/api/leads', { q: '(786) 555-0123' })).toEqual([marco]);
    expect(await search(w.agentA.token, '/api/leads', { q: '(305) 555-0198' })).toEqual([]);
    const [row] = await t.rows('leads', '"id" = ?', [w.A.lead]);
    expect(row.phone).toBe('+17865550198');
  });

  it('refuses a malformed q or created window with 400 naming it', async () => {
    for (const [query, field] of [
      [{ q: '' }, 'q'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ created_from: 'yesterday' }, 'created_from'],
      [{ created_to: '2026-13-01' }, 'created_to'],
      [{ owner_id: 'not-a-uuid' }, 'owner_id'],
    ] as Array<[Record<string, string>, string]>) {
      const response = await t.http.get('/api/leads').query(query).set(bearer(w.agentA.token)).expect(400);
      expect({ query, fields: namedFields(response.body) }).toEqual({ query, fields: [field] });
    }
  });

  it('windows leads by creation time, both ends included', async () => {
    const made: string[] = [];
    for (const name of ['Window', 'Window', 'Window']) {
      await pause(5);
      made.push(
        (
          await t.http
            .post('/api/leads')
            .set(bearer(w.agentA.token))
            .send({ firstName: name, phone: '+17865550150' })
            .expect(201)
        ).body.id as string,
      );
    }
    const rows = await t.rows('leads', '"tenantId" = ?', [TA]);
    const at = (id: string) => instant(rows.find((row) => row.id === id)!.createdAt);
    expect(at(made[0])).toBeLessThan(at(made[1]));
    expect(at(made[1])).toBeLessThan(at(made[2]));
    const pivot = new Date(at(made[1])).toISOString();
    const expected = (keep: (stamp: number) => boolean) =>
      sortedIds(rows.filter((row) => keep(instant(row.createdAt))));

    expect(await search(w.agentA.token, '/api/leads', { created_from: pivot })).toEqual(
      expected((stamp) => stamp >= at(made[1])),
    );
    expect(await search(w.agentA.token, '/api/leads', { created_to: pivot })).toEqual(
      expected((stamp) => stamp <= at(made[1])),
    );
    expect(await search(w.agentA.token, '/api/leads', { created_from: pivot, created_to: pivot })).toEqual([made[1]]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'window', created_from: pivot })).toEqual(
      [made[1], made[2]].sort(),
    );
    expect(await search(w.agentA.token, '/api/leads', { q: 'window', created_to: pivot })).toEqual(
      [made[0], made[1]].sort(),
    );
    // Dates: the start of the day, UTC.
    const yesterday = DateTime.utc().minus({ days: 1 }).toISODate();
    const tomorrow = DateTime.utc().plus({ days: 1 }).toISODate();
    expect(await search(w.agentA.token, '/api/leads', { created_from: yesterday })).toEqual(sortedIds(rows));
    expect(await search(w.agentA.token, '/api/leads', { created_from: tomorrow })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { created_to: '2000-01-01' })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { created_from: yesterday, created_to: tomorrow })).toEqual(
      sortedIds(rows),
    );
    // Still inside the tenant.
    const fromB = await search(w.agentB.token, '/api/leads', { created_from: yesterday });
    expect(fromB).toEqual(sortedIds(await t.rows('leads', '"tenantId" = ?', [TB])));
  });

  const OTHER_LISTS: Array<{
    path: string;
    table: string;
    key: keyof Omit<Seeded, 'callId'>;
    q: string;
    columns: string[];
    phoneQ?: string;
    phoneColumn?: string;
  }> = [
    {
      path: 'messages',
      table: 'messages',
      key: 'message',
      q: 'MARTA',
      columns: ['callerName', 'forPerson', 'body'],
      phoneQ: '555-0110',
      phoneColumn: 'callerPhone',
    },
    {
      path: 'appointments',
      table: 'appointments',
      key: 'appointment',
      q: 'nora',
      columns: ['callerName', 'purpose'],
      phoneQ: '(786) 555-0111',
      phoneColumn: 'phone',
    },
    {
      path: 'policies',
      table: 'policies',
      key: 'policy',
      q: 'pol-7788',
      columns: ['firstName', 'lastName', 'policyNumber'],
      phoneQ: '0198',
      phoneColumn: 'phone',
    },
    {
      path: 'sms',
      table: 'sms_messages',
      key: 'sms',
      q: 'Documents',
      columns: ['callerName', 'body'],
      phoneQ: '555 0112',
      phoneColumn: 'toPhone',
    },
    { path: 'tool-calls', table: 'tool_calls', key: 'toolCall', q: 'create', columns: ['function_name', 'message'] },
  ];

  it.each(OTHER_LISTS.map((spec) => [spec.path, spec] as const))(
    'searches %s with q, inside the tenant',
    async (_path, spec) => {
      const rowsA = await t.rows(spec.table, '"tenantId" = ?', [TA]);
      const rowsB = await t.rows(spec.table, '"tenantId" = ?', [TB]);
      const matches = (row: Body) =>
        spec.columns.some(
          (column) => row[column] != null && String(row[column]).toLowerCase().includes(spec.q.toLowerCase()),
        );
      const expectedA = sortedIds(rowsA.filter(matches));
      expect(expectedA).toContain(w.A[spec.key]);
      // B has a twin that matches too, which A must not see.
      expect(rowsB.filter(matches).length).toBeGreaterThan(0);
      expect(await search(w.agentA.token, `/api/${spec.path}`, { q: spec.q })).toEqual(expectedA);
      expect(await search(w.agentA.token, `/api/${spec.path}`, { q: 'zzz-no-such-thing' })).toEqual([]);
      if (spec.phoneQ && spec.phoneColumn) {
        const digits = spec.phoneQ.replace(/\D/g, '');
        const byPhone = sortedIds(rowsA.filter((row) => String(row[spec.phoneColumn!] ?? '').includes(digits)));
        expect(byPhone).toContain(w.A[spec.key]);
        expect(await search(w.agentA.token, `/api/${spec.path}`, { q: spec.phoneQ })).toEqual(byPhone);
      }
    },
  );

  it.each(OTHER_LISTS.map((spec) => [spec.path, spec] as const))('windows %s by creation time', async (_path, spec) => {
    const rowsA = await t.rows(spec.table, '"tenantId" = ?', [TA]);
    const pivotRow = rowsA.find((row) => row.id === w.A[spec.key])!;
    const pivot = instant(pivotRow.createdAt);
    const iso = new Date(pivot).toISOString();
    const expected = (keep: (stamp: number) => boolean) =>
      sortedIds(rowsA.filter((row) => keep(instant(row.createdAt))));
    const from = await search(w.agentA.token, `/api/${spec.path}`, { created_from: iso });
    expect(from).toEqual(expected((stamp) => stamp >= pivot));
    expect(from).toContain(w.A[spec.key]);
    const to = await search(w.agentA.token, `/api/${spec.path}`, { created_to: iso });
    expect(to).toEqual(expected((stamp) => stamp <= pivot));
    expect(to).toContain(w.A[spec.key]);
    const tomorrow = DateTime.utc().plus({ days: 1 }).toISODate();
    expect(await search(w.agentA.token, `/api/${spec.path}`, { created_from: tomorrow })).toEqual([]);
    expect(await search(w.agentA.token, `/api/${spec.path}`, { created_to: '2000-01-01' })).toEqual([]);
    const bad = await t.http
      .get(`/api/${spec.path}`)
      .query({ created_from: 'last week' })
      .set(bearer(w.agentA.token))
      .expect(400);
    expect(namedFields(bad.body)).toEqual(['created_from']);
  });

  it('filters leads by owner_id after assigning one to A’s agent', async () => {
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([]);
    const assigned = await t.http
      .patch(`/api/leads/${marco}`)
      .set(bearer(w.adminA.token))
      .send({ ownerId: w.agentA.id })
      .expect(200);
    expect(assigned.body).toMatchObject({ id: marco, ownerId: w.agentA.id });
    expect((await t.rows('leads', '"id" = ?', [marco]))[0].ownerId).toBe(w.agentA.id);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([marco]);
    expect(await search(w.adminA.token, '/api/leads', { owner_id: w.agentA.id, q: 'marco' })).toEqual([marco]);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.adminA.id })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: MISSING_ID })).toEqual([]);
    // B's staff filtering by A's agent find nothing of A's.
    expect(await search(w.agentB.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([]);
    const [change] = await t.rows('record_changes', '"recordType" = ? AND "recordId" = ? AND "action" = ?', [
      'lead',
      marco,
      'update',
    ]);
    expect(json(change.changes)).toEqual({ ownerId: w.agentA.id });
    expect(change.actorId).toBe(w.adminA.id);
  });

  it('refuses an owner for a lead who is not an active user of the lead’s tenant: 400 naming ownerId', async () => {
    const disabled = await createStaff(t, w.adminA.token, TA, 'agent', 'gone-agent-a', false);
    await t.http.patch(`/api/users/${disabled.id}`).set(bearer(w.adminA.token)).send({ active: false }).expect(200);
    const [before] = await t.rows('leads', '"id" = ?', [w.A.lead]);
    for (const [label, ownerId] of [
      ['B’s agent', w.agentB.id],
      ['B’s admin', w.adminB.id],
      ['the owner', w.ownerId],
      ['a disabled user of A', disabled.id],
      ['nobody', MISSING_ID],
    ]) {
      for (const token of [w.adminA.token, w.agentA.token, w.owner]) {
        const response = await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(token)).send({ ownerId });
        expect({ label, status: response.status, fields: response.body.fields }).toEqual({
          label,
          status: 400,
          fields: ['ownerId'],
        });
        expect(messageText(response.body)).toContain('ownerId');
      }
    }
    const notUuid = await t.http
      .patch(`/api/leads/${w.A.lead}`)
      .set(bearer(w.adminA.token))
      .send({ ownerId: 'agent-b' })
      .expect(400);
    expect(namedFields(notUuid.body)).toEqual(['ownerId']);
    expect(await t.rows('leads', '"id" = ?', [w.A.lead])).toEqual([before]);
    // And B's lead cannot take A's agent.
    const cross = await t.http
      .patch(`/api/leads/${w.B.lead}`)
      .set(bearer(w.adminB.token))
      .send({ ownerId: w.agentA.id })
      .expect(400);
    expect(namedFields(cross.body)).toEqual(['ownerId']);
    expect((await t.rows('leads', '"id" = ?', [w.B.lead]))[0].ownerId).toBeNull();
    // Its own admin is fine, and null unassigns.
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.agentA.token)).send({ ownerId: w.adminA.id }).expect(200);
    expect((await t.rows('leads', '"id" = ?', [w.A.lead]))[0].ownerId).toBe(w.adminA.id);
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.agentA.token)).send({ ownerId: null }).expect(200);
    expect((await t.rows('leads', '"id" = ?', [w.A.lead]))[0].ownerId).toBeNull();
  });
});

describe('Tenancy: the timeline of a call', () => {
  let t: TestApp;
  let w: World;
  const CALL = 'timeline-call-a';
  const made: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const call = async (fn: string, args: Body, callId = CALL, tenantId = TA) => {
      // Apart in time, so that the order asserted below is the order of the calls.
      await pause(5);
      return (await t.tool(fn, args, { callId, tenantId }).expect(200)).body as Body;
    };
    const lead = await call('create_lead', {
      first_name: 'Tina',
      last_name: 'Lowe',
      phone: '(786) 555-0133',
      interest: 'life insurance',
    });
    expect(lead.status).toBe('created');
    made.lead = lead.lead_id as string;
    const message = await call('leave_message', {
      caller_name: 'Tina Lowe',
      caller_phone: '786 555 0133',
      message: 'Call me after 5pm.',
    });
    expect(message.status).toBe('saved');
    made.message = message.message_id as string;
    const sms = await call('send_sms', { to_phone: '786 555 0133', message: 'Our office is at 100 Main St.' });
    expect(sms.status).toBe('sent');
    made.sms = sms.sms_id as string;
    const unknown = await call('transfer_to_human', { reason: 'wants a person' });
    expect(unknown.status).toBe('noted');
    // A call of B, which A's staff must not see.
    await call('create_lead', { first_name: 'Otto', phone: '+1 305 555 0133' }, 'timeline-call-b', TB);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every tool call and every record of the call, in time order, for A’s agent', async () => {
    const response = await t.http.get(`/api/calls/${CALL}`).set(bearer(w.agentA.token)).expect(200);
    expect(response.body).toMatchObject({ callId: CALL, tenantId: TA });
    const events = response.body.events as Body[];
    expect(events.map((event) => event.type)).toEqual([
      'lead',
      'tool_call',
      'message',
      'tool_call',
      'sms',
      'tool_call',
      'tool_call',
    ]);
    const toolCalls = events.filter((event) => event.type === 'tool_call');
    expect(toolCalls.map((event) => event.data.function)).toEqual([
      'create_lead',
      'leave_message',
      'send_sms',
      'transfer_to_human',
    ]);
    expect(toolCalls.map((event) => event.data.status)).toEqual(['created', 'saved', 'sent', 'noted']);
    const rows = await t.rows('tool_calls', '"callId" = ?', [CALL]);
    expect(rows).toHaveLength(4);
    expect(toolCalls.map((event) => event.id).sort()).toEqual(sortedIds(rows));
    for (const row of rows) expect(row.tenantId).toBe(TA);
    expect(events.filter((event) => event.type !== 'tool_call').map((event) => [event.type, event.id])).toEqual([
      ['lead', made.lead],
      ['message', made.message],
      ['sms', made.sms],
    ]);
    expect(events.find((event) => event.type === 'lead')!.data).toMatchObject({
      id: made.lead,
      firstName: 'Tina',
      callId: CALL,
      tenantId: TA,
    });
    expect((await t.rows('leads', '"id" = ?', [made.lead]))[0]).toMatchObject({ callId: CALL, tenantId: TA });
    expect((await t.rows('messages', '"id" = ?', [made.message]))[0]).toMatchObject({ callId: CALL, tenantId: TA });
    expect((await t.rows('sms_messages', '"id" = ?', [made.sms]))[0]).toMatchObject({
      callId: CALL,
      tenantId: TA,
      requestedBy: 'voice_agent',
    });
    const stamps = events.map((event) => new Date(event.at as string).getTime());
    for (let index = 1; index < stamps.length; index += 1)
      expect(stamps[index]).toBeGreaterThanOrEqual(stamps[index - 1]);
    // Nothing of B's call.
    expect(response.text).not.toContain('Otto');
  });

  it('answers 404 to B’s agent for A’s call, exactly as for an unknown call', async () => {
    for (const staff of [w.agentB, w.adminB]) {
      const unknown = await t.http.get('/api/calls/no-such-call').set(bearer(staff.token)).expect(404);
      const foreign = await t.http.get(`/api/calls/${CALL}`).set(bearer(staff.token)).expect(404);
      expect(foreign.body).toEqual(unknown.body);
      expect(foreign.text).not.toContain('Tina');
    }
    await t.http.get('/api/calls/timeline-call-b').set(bearer(w.agentA.token)).expect(404);
    const own = await t.http.get('/api/calls/timeline-call-b').set(bearer(w.agentB.token)).expect(200);
    expect((own.body.events as Body[]).map((event) => event.type)).toEqual(['lead', 'tool_call']);
    expect(own.body.tenantId).toBe(TB);
  });

  it('answers 404 for an unknown call id, and lets the owner read any call or scope it', async () => {
    const unknown = await t.http.get('/api/calls/never-happened').set(bearer(w.agentA.token)).expect(404);
    expect(messageText(unknown.body)).toMatch(/not found/i);
    await t.http.get('/api/calls/never-happened').set(bearer(w.owner)).expect(404);
    const owner = await t.http.get(`/api/calls/${CALL}`).set(bearer(w.owner)).expect(200);
    expect((owner.body.events as Body[]).map((event) => event.type)).toEqual([
      'lead',
      'tool_call',
      'message',
      'tool_call',
      'sms',
      'tool_call',
      'tool_call',
    ]);
    await t.http.get(`/api/calls/${CALL}?tenant_id=${TA}`).set(bearer(w.owner)).expect(200);
    await t.http.get(`/api/calls/${CALL}?tenant_id=${TB}`).set(bearer(w.owner)).expect(404);
  });
});

describe('Tenancy: defaults, literal search and key history', () => {
  let t: TestApp;
  let owner: string;

  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET });
    owner = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
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

  it('takes %, _ and backslash in q literally', async () => {
    await t.http
      .post(`/api/leads?tenant_id=${TA}`)
      .set(bearer(owner))
      .send({ firstName: 'John', phone: '+13055550170', email: 'john_doe@example.com' })
      .expect(201);
    await t.http
      .post(`/api/leads?tenant_id=${TA}`)
      .set(bearer(owner))
      .send({ firstName: 'Johnny', phone: '+13055550171', email: 'johnxdoe@example.com' })
      .expect(201);
    const underscore = await t.http.get(`/api/leads?tenant_id=${TA}&q=john_doe`).set(bearer(owner)).expect(200);
    expect(underscore.body.data.map((lead: Body) => lead.email)).toEqual(['john_doe@example.com']);
    for (const wildcard of ['%', '_', '\\']) {
      const res = await t.http
        .get(`/api/leads?tenant_id=${TA}&q=${encodeURIComponent(wildcard)}`)
        .set(bearer(owner))
        .expect(200);
      expect([wildcard, res.body.total]).toEqual([wildcard, wildcard === '_' ? 1 : 0]);
    }
    await t
      .tool(
        'leave_message',
        { caller_name: 'Ivy', caller_phone: '+13055550172', message: 'Hi' },
        { tenantId: TA, callId: 'call-literal' },
      )
      .expect(200);
    const byFunction = await t.http
      .get(`/api/tool-calls?tenant_id=${TA}&q=leave_message`)
      .set(bearer(owner))
      .expect(200);
    expect(byFunction.body.data.map((call: Body) => call.callId)).toEqual(['call-literal']);
  });

  it('records who made and who revoked a webhook key, never the key', async () => {
    const created = await t.http
      .post(`/api/webhook-keys?tenant_id=${TA}`)
      .set(bearer(owner))
      .send({ name: 'Front desk' })
      .expect(201);
    await t.http.delete(`/api/webhook-keys/${created.body.id}?tenant_id=${TA}`).set(bearer(owner)).expect(204);
    const [ownerRow] = await t.rows<{ id: string }>('users', '"role" = ?', ['owner']);
    const history = await t.rows<Body>('record_changes', '"recordId" = ? ORDER BY "createdAt", "action"', [
      created.body.id,
    ]);
    expect(history.map((change) => [change.recordType, change.action, change.actorId])).toEqual([
      ['webhook_key', 'create', ownerRow.id],
      ['webhook_key', 'update', ownerRow.id],
    ]);
    expect(JSON.stringify(history)).not.toContain(created.body.key);
  });

  it('lets owners and admins import the policy book, not agents, and records each import', async () => {
    const admin = await createStaff(t, owner, TA, 'admin', 'import-admin');
    const agent = await createStaff(t, owner, TA, 'agent', 'import-agent');
    const csv = 'policy_number,status\nIMP-1,active\nIMP-2,lapsed\n';
    const refused = await t.http
      .post('/api/policies/import')
      .set(bearer(agent.token))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(refused.status).toBe(403);
    expect(await t.rows('policies', '"policyNumber" IN (?, ?)', ['IMP-1', 'IMP-2'])).toHaveLength(0);
    const imported = await t.http
      .post('/api/policies/import')
      .set(bearer(admin.token))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(imported.body).toMatchObject({ received: 2, created: 2, updated: 0, rejected: 0 });
    const [history] = await t.rows<Body>('record_changes', '"recordType" = ?', ['policy_import']);
    expect(history).toMatchObject({ tenantId: TA, action: 'create', actorType: 'user', actorId: admin.id });
    expect(json(history.changes)).toEqual({ received: 2, created: 2, updated: 0, rejected: 0 });
  });
});
