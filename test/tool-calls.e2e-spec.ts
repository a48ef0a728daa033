/**
 * The tool-call log as staff read it (DESIGN.md §5): every keyed webhook call, scoped by tenant,
 * read-only.
 */
import { MISSING_ID } from './support/staff-fixtures';
import { describeTenantIsolation } from './support/tenant-lists';
import { createTestApp, OTHER_TENANT, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';
import { Body, json } from './support/values';

describe('Tool calls: the staff log', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
    await t
      .tool(
        'create_lead',
        { first_name: 'Ana', phone: '(786) 555-0198', favourite_colour: 'teal' },
        { callId: 'call-log-1', tenantId: TENANT },
      )
      .expect(200);
    await t
      .tool(
        'leave_message',
        { caller_name: 'Ana', caller_phone: '(786) 555-0198', message: 'Call me.' },
        { callId: 'call-log-1', tenantId: TENANT },
      )
      .expect(200);
    const noted = await t
      .tool('transfer_to_human', { reason: 'wants a person' }, { callId: 'call-log-2', tenantId: TENANT })
      .expect(200);
    expect(noted.body.status).toBe('noted');
    await t
      .tool('create_lead', { phone: '(786) 555-0198' }, { callId: 'call-log-3', tenantId: OTHER_TENANT })
      .expect(200);
    // The other header the platform may use.
    await t.http
      .post('/api/webhooks/ai-tools')
      .set('X-API-Key', WEBHOOK_KEY)
      .send({
        function: 'check_policy_status',
        args: { policy_number: 'NOPE-1' },
        call_id: 'call-log-4',
        tenant_id: OTHER_TENANT,
      })
      .expect(200);
    // A malformed envelope with a good key is logged; a wrong key is not.
    await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
      .send({ function: 'create_lead', args: 'nope', call_id: 'call-log-5', tenant_id: TENANT })
      .expect(400);
    await t
      .tool(
        'create_lead',
        { first_name: 'Mallory', phone: '+13055550100' },
        { callId: 'call-log-6', tenantId: TENANT, key: 'wrong-key' },
      )
      .expect(401);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs every keyed call, never a refused one', async () => {
    const rows = await t.rows('tool_calls');
    expect(rows).toHaveLength(6);
    expect(await t.rows('tool_calls', '"callId" = ?', ['call-log-6'])).toHaveLength(0);
  });

  it('filters by call_id', async () => {
    const response = await t.http.get(`/api/tool-calls?tenant_id=${TENANT}&call_id=call-log-1`).set(auth()).expect(200);
    expect(response.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect((response.body.data as Body[]).map((call) => call.function).sort()).toEqual([
      'create_lead',
      'leave_message',
    ]);
    const rows = await t.rows('tool_calls', '"callId" = ?', ['call-log-1']);
    expect((response.body.data as Body[]).map((call) => call.id).sort()).toEqual(rows.map((row) => row.id).sort());
    const createLead = (response.body.data as Body[]).find((call) => call.function === 'create_lead')!;
    expect(createLead).toMatchObject({
      status: 'created',
      httpStatus: 200,
      callId: 'call-log-1',
      tenantId: TENANT,
      error: null,
    });
    // Unknown args are kept in the log.
    expect(createLead.args).toEqual({ first_name: 'Ana', phone: '(786) 555-0198', favourite_colour: 'teal' });
  });

  it('filters by function and status: an unknown tool is noted for follow-up', async () => {
    const byFunction = await t.http.get('/api/tool-calls?function=transfer_to_human').set(auth()).expect(200);
    expect(byFunction.body.total).toBe(1);
    expect(byFunction.body.data[0]).toMatchObject({
      function: 'transfer_to_human',
      status: 'noted',
      callId: 'call-log-2',
      tenantId: TENANT,
      args: { reason: 'wants a person' },
    });
    const [row] = await t.rows('tool_calls', '"function_name" = ?', ['transfer_to_human']);
    expect(row).toMatchObject({ id: byFunction.body.data[0].id, status: 'noted', httpStatus: 200 });
    expect(String(row.message)).toBe(byFunction.body.data[0].message);

    const noted = await t.http.get('/api/tool-calls?status=noted').set(auth()).expect(200);
    expect((noted.body.data as Body[]).map((call) => call.id)).toEqual([row.id]);

    const errors = await t.http.get('/api/tool-calls?status=error').set(auth()).expect(200);
    expect((errors.body.data as Body[]).map((call) => call.callId).sort()).toEqual(['call-log-3', 'call-log-5']);
    const malformed = (errors.body.data as Body[]).find((call) => call.callId === 'call-log-5')!;
    expect(malformed).toMatchObject({ httpStatus: 400, function: 'create_lead' });

    const combined = await t.http
      .get(`/api/tool-calls?tenant_id=${OTHER_TENANT}&function=create_lead&status=error`)
      .set(auth())
      .expect(200);
    expect((combined.body.data as Body[]).map((call) => call.callId)).toEqual(['call-log-3']);
  });

  it('scopes by tenant_id, and shows every tenant to a cross-tenant admin without one', async () => {
    const inB = await t.http.get(`/api/tool-calls?tenant_id=${OTHER_TENANT}`).set(auth()).expect(200);
    expect(inB.body.total).toBe(2);
    expect(new Set((inB.body.data as Body[]).map((call) => call.tenantId))).toEqual(new Set([OTHER_TENANT]));
    expect((inB.body.data as Body[]).map((call) => call.callId).sort()).toEqual(['call-log-3', 'call-log-4']);

    const inA = await t.http.get(`/api/tool-calls?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(inA.body.total).toBe(4);

    const all = await t.http.get('/api/tool-calls').set(auth()).expect(200);
    expect(all.body.total).toBe(6);
    expect(new Set((all.body.data as Body[]).map((call) => call.tenantId))).toEqual(new Set([TENANT, OTHER_TENANT]));

    const paged = await t.http.get('/api/tool-calls?limit=4&offset=4').set(auth()).expect(200);
    expect(paged.body).toMatchObject({ total: 6, limit: 4, offset: 4 });
    expect(paged.body.data).toHaveLength(2);

    const nobody = await t.http.get('/api/tool-calls?tenant_id=tenant-z').set(auth()).expect(200);
    expect(nobody.body).toMatchObject({ data: [], total: 0 });
  });

  it('reads one call by id, within its tenant', async () => {
    const [row] = await t.rows<Body>('tool_calls', '"callId" = ?', ['call-log-4']);
    const response = await t.http.get(`/api/tool-calls/${row.id}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({
      id: row.id,
      function: 'check_policy_status',
      status: 'not_found',
      tenantId: OTHER_TENANT,
      callId: 'call-log-4',
      httpStatus: 200,
    });
    expect(response.body.args).toEqual(json(row.args));
    await t.http.get(`/api/tool-calls/${row.id}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(200);
    await t.http.get(`/api/tool-calls/${row.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/tool-calls/${MISSING_ID}`).set(auth()).expect(404);
    await t.http.get('/api/tool-calls/nope').set(auth()).expect(400);
  });

  it('never stores or shows the webhook key', async () => {
    const rows = await t.rows('tool_calls');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(WEBHOOK_KEY);
    expect(JSON.stringify(rows)).not.toContain('wrong-key');
    const listed = await t.http.get('/api/tool-calls?limit=100').set(auth()).expect(200);
    expect(listed.body.total).toBe(rows.length);
    expect(JSON.stringify(listed.body)).not.toContain(WEBHOOK_KEY);
  });

  it('is read-only for staff', async () => {
    const [row] = await t.rows<Body>('tool_calls', '"callId" = ?', ['call-log-2']);
    await t.http.post(`/api/tool-calls?tenant_id=${TENANT}`).set(auth()).send({ function: 'x' }).expect(404);
    await t.http.patch(`/api/tool-calls/${row.id}`).set(auth()).send({ status: 'sent' }).expect(404);
    await t.http.delete(`/api/tool-calls/${row.id}`).set(auth()).expect(404);
    expect(await t.rows('tool_calls', '"id" = ?', [row.id])).toEqual([row]);
  });
});

describeTenantIsolation('Tool calls', 'tool-calls');
