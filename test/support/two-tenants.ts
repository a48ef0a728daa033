import { bearer, createStaff, snapshot, type Staff, ZONE } from './staff-fixtures';
import { ADMIN, type TestApp } from './test-app';
import { type Body, weekdayAhead } from './values';

/**
 * Two tenants, A and B, made by the owner over HTTP, with an admin and an agent in each and a
 * record of every kind in both: the world the tenancy and role suites start from.
 */
export const TA = 'tenancy-alpha';
export const TB = 'tenancy-beta';

export interface Seeded {
  callId: string;
  lead: string;
  message: string;
  appointment: string;
  policy: string;
  sms: string;
  toolCall: string;
}

export interface World {
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

export interface SeedSpec {
  lead: Body;
  message: Body;
  appointment: Body;
  policy: Body;
  sms: Body;
}

// The same words, numbers and policy number in both tenants: a search or lookup that crossed
// tenants would find the other tenant's twin.
// Tenant B reads national numbers as Spanish (defaultCountry ES), so its US numbers carry +1
// (and it may text the US as well as Spain).
export const SEED: Record<'A' | 'B', SeedSpec> = {
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

export async function seedTenant(
  t: TestApp,
  owner: string,
  tenantId: string,
  agent: Staff,
  spec: SeedSpec,
): Promise<Seeded> {
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
export async function buildWorld(t: TestApp): Promise<World> {
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
        // Its seeded text goes to a US number: outside the default SMS policy (its own country only).
        smsAllowedCountries: ['ES', 'US'],
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

export interface ResourceSpec {
  path: string;
  table: string;
  key: keyof Omit<Seeded, 'callId'>;
  /** A valid patch, where the route exists. */
  patch?: Body;
  remove?: boolean;
}

export const RESOURCES: ResourceSpec[] = [
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

/** Everything a tenant owns, table by table. */
export async function tenantRows(t: TestApp, tenantId: string): Promise<Record<string, Body[]>> {
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
