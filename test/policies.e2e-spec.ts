/**
 * Policies through the staff API (DESIGN.md §5): the lookup key, spellings of a number, the voice
 * agent's answers per tenant, and who may import the policy book.
 */
import { bearer, createStaff } from './support/staff-fixtures';
import { describeTenantIsolation } from './support/tenant-lists';
import { createTestApp, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import { TA } from './support/two-tenants';
import { Body, json, namedFields } from './support/values';

describe('Policies: staff API', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const holder = { firstName: 'Ana', lastName: 'Rivera', phone: '(786) 555-0198', dateOfBirth: '1985-04-12' };
  let policyA: Body;
  let policyB: Body;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  const create = (body: Body, tenant = TENANT) =>
    t.http.post(`/api/policies?tenant_id=${tenant}`).set(auth()).send(body);

  it('creates a policy and never shows its internal lookup key', async () => {
    const response = await create({
      policyNumber: 'POL-778899',
      status: 'active',
      ...holder,
      renewalDate: '2031-01-15',
    }).expect(201);
    policyA = response.body as Body;
    expect(response.body).toMatchObject({
      policyNumber: 'POL-778899',
      status: 'active',
      firstName: 'Ana',
      lastName: 'Rivera',
      phone: '+17865550198',
      dateOfBirth: '1985-04-12',
      tenantId: TENANT,
    });
    expect(response.body).not.toHaveProperty('policyKey');
    const [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({
      tenantId: TENANT,
      policyNumber: 'POL-778899',
      policyKey: 'POL778899',
      status: 'active',
      phone: '+17865550198',
      dateOfBirth: '1985-04-12',
      renewalDate: '2031-01-15',
    });

    const read = await t.http.get(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(read.body).not.toHaveProperty('policyKey');
    const list = await t.http.get(`/api/policies?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(list.body.data[0]).not.toHaveProperty('policyKey');
  });

  it('refuses a duplicate number in the same tenant, however it is spelled', async () => {
    for (const policyNumber of ['POL-778899', 'pol 778-899', ' pol778899 ']) {
      const response = await create({ policyNumber, status: 'pending', firstName: 'Dup' }).expect(409);
      expect(namedFields(response.body)).toEqual(['policyNumber']);
    }
    expect(await t.rows('policies', '"tenantId" = ?', [TENANT])).toHaveLength(1);
  });

  it('accepts the same number in another tenant', async () => {
    const response = await create(
      { policyNumber: 'pol 778-899', status: 'lapsed', firstName: 'Bea', lastName: 'Stone' },
      OTHER_TENANT,
    ).expect(201);
    policyB = response.body as Body;
    expect(response.body).toMatchObject({ policyNumber: 'pol 778-899', tenantId: OTHER_TENANT, status: 'lapsed' });
    expect(response.body).not.toHaveProperty('policyKey');
    const rows = await t.rows('policies', '"policyKey" = ?', ['POL778899']);
    expect(rows.map((row) => row.tenantId).sort()).toEqual([TENANT, OTHER_TENANT].sort());
  });

  it('refuses an invalid status, date of birth, phone or unknown field, naming it', async () => {
    for (const [body, field] of [
      [{ policyNumber: 'X-1', status: 'alive' }, 'status'],
      [{ policyNumber: 'X-1' }, 'status'],
      [{ policyNumber: 'X-1', status: 'active', dateOfBirth: '04/12/1985' }, 'dateOfBirth'],
      [{ policyNumber: 'X-1', status: 'active', dateOfBirth: '1985-02-30' }, 'dateOfBirth'],
      [{ policyNumber: 'X-1', status: 'active', phone: '123' }, 'phone'],
      [{ policyNumber: '---', status: 'active' }, 'policyNumber'],
      [{ policyNumber: 'X-1', status: 'active', policyKey: 'X1' }, 'policyKey'],
    ] as Array<[Body, string]>) {
      const response = await create(body).expect(400);
      expect({ body, fields: namedFields(response.body) }).toEqual({ body, fields: [field] });
    }
    expect(await t.rows('policies', '"policyKey" = ?', ['X1'])).toHaveLength(0);
    const noTenant = await t.http
      .post('/api/policies')
      .set(auth())
      .send({ policyNumber: 'X-1', status: 'active' })
      .expect(400);
    expect(namedFields(noTenant.body)).toEqual(['tenant_id']);
    expect(await t.rows('policies')).toHaveLength(2);
  });

  it('filters by policy_number in any spelling, within the tenant', async () => {
    await create({ policyNumber: 'AX-1001', status: 'pending', lastName: 'Kim' }).expect(201);
    for (const spelling of ['POL-778899', 'pol 778 899', 'pol778899']) {
      const response = await t.http
        .get(`/api/policies?tenant_id=${TENANT}&policy_number=${encodeURIComponent(spelling)}`)
        .set(auth())
        .expect(200);
      expect({ spelling, ids: (response.body.data as Body[]).map((p) => p.id) }).toEqual({
        spelling,
        ids: [policyA.id],
      });
      expect(response.body.total).toBe(1);
    }
    const everywhere = await t.http
      .get(`/api/policies?policy_number=${encodeURIComponent('pol-778899')}`)
      .set(auth())
      .expect(200);
    expect((everywhere.body.data as Body[]).map((p) => p.id).sort()).toEqual([policyA.id, policyB.id].sort());
    const byStatus = await t.http.get(`/api/policies?tenant_id=${TENANT}&status=pending`).set(auth()).expect(200);
    expect((byStatus.body.data as Body[]).map((p) => p.policyNumber)).toEqual(['AX-1001']);
    const none = await t.http.get(`/api/policies?tenant_id=${TENANT}&policy_number=ZZ-0`).set(auth()).expect(200);
    expect(none.body).toMatchObject({ data: [], total: 0 });
  });

  it('answers the voice agent for its own tenant only', async () => {
    const before = (await t.rows('policies')).length;
    const inA = await t
      .tool('check_policy_status', { policy_number: 'pol 778 899' }, { tenantId: TENANT, callId: 'call-pol-1' })
      .expect(200);
    expect(inA.body.status).toBe('found');
    expect(inA.body.message).toMatch(/active/);
    const inB = await t
      .tool('check_policy_status', { policy_number: 'POL-778899' }, { tenantId: OTHER_TENANT, callId: 'call-pol-2' })
      .expect(200);
    expect(inB.body.status).toBe('found');
    expect(inB.body.message).toMatch(/lapsed/);

    const onlyInA = await t
      .tool('check_policy_status', { policy_number: 'ax 1001' }, { tenantId: TENANT, callId: 'call-pol-3' })
      .expect(200);
    expect(onlyInA.body.status).toBe('found');
    const notInB = await t
      .tool('check_policy_status', { policy_number: 'ax 1001' }, { tenantId: OTHER_TENANT, callId: 'call-pol-4' })
      .expect(200);
    expect(notInB.body.status).toBe('not_found');
    expect(notInB.body.message).not.toMatch(/pending/);
    // A holder fact that does not match is answered like an unknown number.
    const wrongName = await t
      .tool(
        'check_policy_status',
        { policy_number: 'POL-778899', last_name: 'Stone' },
        { tenantId: TENANT, callId: 'call-pol-5' },
      )
      .expect(200);
    expect(wrongName.body.status).toBe('not_found');
    const rightName = await t
      .tool(
        'check_policy_status',
        { policy_number: 'POL-778899', last_name: 'rivera', phone: '786-555-0198' },
        { tenantId: TENANT, callId: 'call-pol-6' },
      )
      .expect(200);
    expect(rightName.body.status).toBe('found');
    // Looking up never creates anything.
    expect(await t.rows('policies')).toHaveLength(before);
  });

  it('updates a policy: status, holder and number, keeping the lookup key in step', async () => {
    const response = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'suspended', phone: '305 555 0150' })
      .expect(200);
    expect(response.body).toMatchObject({
      id: policyA.id,
      status: 'suspended',
      phone: '+13055550150',
      policyNumber: 'POL-778899',
    });
    expect(response.body).not.toHaveProperty('policyKey');
    let [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({
      status: 'suspended',
      phone: '+13055550150',
      policyKey: 'POL778899',
      lastName: 'Rivera',
    });

    const bad = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'alive' })
      .expect(400);
    expect(namedFields(bad.body)).toEqual(['status']);

    // Renumbering onto another policy of the tenant is a conflict, and changes nothing.
    const clash = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ policyNumber: 'ax1001' })
      .expect(409);
    expect(namedFields(clash.body)).toEqual(['policyNumber']);
    [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({ policyNumber: 'POL-778899', policyKey: 'POL778899' });

    await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ policyNumber: 'POL-2000-1' })
      .expect(200);
    [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({ policyNumber: 'POL-2000-1', policyKey: 'POL20001', status: 'suspended' });
    const found = await t
      .tool('check_policy_status', { policy_number: 'pol 2000 1' }, { tenantId: TENANT, callId: 'call-pol-7' })
      .expect(200);
    expect(found.body.status).toBe('found');
    expect(found.body.message).toMatch(/suspended/);

    await t.http
      .patch(`/api/policies/${policyB.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'active' })
      .expect(404);
    expect((await t.rows('policies', '"id" = ?', [policyB.id]))[0].status).toBe('lapsed');
  });

  it("deletes a policy: 204, the row is gone, another tenant's stays, and the agent no longer finds it", async () => {
    await t.http.delete(`/api/policies/${policyB.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    expect(await t.rows('policies', '"id" = ?', [policyB.id])).toHaveLength(1);

    await t.http.delete(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(204);
    expect(await t.rows('policies', '"id" = ?', [policyA.id])).toEqual([]);
    await t.http.get(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    const gone = await t
      .tool('check_policy_status', { policy_number: 'POL-2000-1' }, { tenantId: TENANT, callId: 'call-pol-8' })
      .expect(200);
    expect(gone.body.status).toBe('not_found');
    expect(await t.rows('policies', '"id" = ?', [policyB.id])).toHaveLength(1);
    await t.http.delete(`/api/policies/not-a-uuid?tenant_id=${TENANT}`).set(auth()).expect(400);
  });
  describe('the policy book import', () => {
    let owner: string;

    beforeAll(async () => {
      owner = await t.staffToken();
      // Users are made only in tenants that exist.
      await t.http
        .post('/api/tenants')
        .set(bearer(owner))
        .send({ name: 'Import agency', platformTenantId: TA })
        .expect(201);
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
});

describeTenantIsolation('Policies', 'policies');
