/**
 * Messages left through the voice agent, as staff read and handle them (DESIGN.md §5).
 */
import { adminId } from './support/staff-fixtures';
import { describeTenantIsolation } from './support/tenant-lists';
import { createTestApp, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import { Body, bool, instant, namedFields } from './support/values';

describe('Messages: staff API', () => {
  let t: TestApp;
  let token: string;
  let admin: string;
  const ids: Record<string, string> = {};
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
    admin = await adminId(t);
    const leave = async (key: string, args: Body, callId: string, tenantId = TENANT) => {
      const response = await t.tool('leave_message', args, { callId, tenantId }).expect(200);
      expect(response.body.status).toBe('saved');
      ids[key] = response.body.message_id as string;
    };
    await leave(
      'urgent',
      {
        caller_name: 'Maria Lopez',
        caller_phone: '(786) 555-0198',
        message: 'My car was towed, please call me back.',
        urgent: 'yes',
        for_person: 'Carlos',
      },
      'call-msg-1',
    );
    await leave(
      'routine',
      { caller_name: 'John Smith', caller_phone: '305 555 0100', message: 'Question about my renewal.' },
      'call-msg-2',
    );
    await leave(
      'otherTenant',
      { caller_name: 'Eve', caller_phone: '305 555 0101', message: 'Urgent, other tenant.', urgent: true },
      'call-msg-3',
      OTHER_TENANT,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists the messages of the tenant with camelCase fields', async () => {
    const response = await t.http.get(`/api/messages?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    const urgent = (response.body.data as Body[]).find((message) => message.id === ids.urgent);
    expect(urgent).toMatchObject({
      callerName: 'Maria Lopez',
      callerPhone: '+17865550198',
      forPerson: 'Carlos',
      urgent: true,
      handled: false,
      handledAt: null,
      handledBy: null,
      callId: 'call-msg-1',
      tenantId: TENANT,
    });
    expect((response.body.data as Body[]).map((message) => message.id).sort()).toEqual(
      [ids.urgent, ids.routine].sort(),
    );
  });

  it('filters urgent=true and handled=false', async () => {
    const urgent = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=true`).set(auth()).expect(200);
    expect(urgent.body.total).toBe(1);
    expect((urgent.body.data as Body[]).map((message) => message.id)).toEqual([ids.urgent]);

    const notUrgent = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=false`).set(auth()).expect(200);
    expect((notUrgent.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);

    const unhandled = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=false`).set(auth()).expect(200);
    expect(unhandled.body.total).toBe(2);

    const allUrgent = await t.http.get('/api/messages?urgent=true').set(auth()).expect(200);
    expect((allUrgent.body.data as Body[]).map((message) => message.id).sort()).toEqual(
      [ids.urgent, ids.otherTenant].sort(),
    );

    const byCall = await t.http.get(`/api/messages?tenant_id=${TENANT}&call_id=call-msg-2`).set(auth()).expect(200);
    expect((byCall.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);

    const bad = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=maybe`).set(auth()).expect(400);
    expect(namedFields(bad.body)).toEqual(['urgent']);
  });

  it('reads a message by id, and hides it from another tenant', async () => {
    const response = await t.http.get(`/api/messages/${ids.routine}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({
      id: ids.routine,
      callerName: 'John Smith',
      callerPhone: '+13055550100',
      body: 'Question about my renewal.',
      urgent: false,
    });
    await t.http.get(`/api/messages/${ids.routine}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/messages/not-a-uuid?tenant_id=${TENANT}`).set(auth()).expect(400);
  });

  it('marks a message handled by the staff user, and unhandled again', async () => {
    const before = Date.now();
    const handled = await t.http
      .patch(`/api/messages/${ids.urgent}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: true })
      .expect(200);
    expect(handled.body).toMatchObject({ id: ids.urgent, handled: true, handledBy: admin });
    let [row] = await t.rows('messages', '"id" = ?', [ids.urgent]);
    expect(bool(row.handled)).toBe(true);
    expect(row.handledBy).toBe(admin);
    expect(row.handledAt).not.toBeNull();
    // Stamped by this request (a wide window: it checks the stamp, not the speed).
    expect(instant(row.handledAt)).toBeGreaterThanOrEqual(before - 60_000);
    expect(instant(row.handledAt)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(new Date(handled.body.handledAt as string).getTime()).toBe(instant(row.handledAt));

    const stillUnhandled = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=false`).set(auth()).expect(200);
    expect((stillUnhandled.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);
    const done = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=true`).set(auth()).expect(200);
    expect((done.body.data as Body[]).map((message) => message.id)).toEqual([ids.urgent]);

    const unhandled = await t.http
      .patch(`/api/messages/${ids.urgent}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: false })
      .expect(200);
    expect(unhandled.body).toMatchObject({ handled: false, handledAt: null, handledBy: null });
    [row] = await t.rows('messages', '"id" = ?', [ids.urgent]);
    expect(bool(row.handled)).toBe(false);
    expect(row.handledAt).toBeNull();
    expect(row.handledBy).toBeNull();
    // Nothing else of the message changed.
    expect(row).toMatchObject({
      callerName: 'Maria Lopez',
      body: 'My car was towed, please call me back.',
      forPerson: 'Carlos',
      callId: 'call-msg-1',
      tenantId: TENANT,
    });
    expect(bool(row.urgent)).toBe(true);
  });

  it('refuses patches that are not a message update, and hides other tenants', async () => {
    const notBoolean = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: 'yes' })
      .expect(400);
    expect(namedFields(notBoolean.body)).toEqual(['handled']);
    const forged = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handledBy: 'someone-else' })
      .expect(400);
    expect(namedFields(forged.body)).toEqual(['handledBy']);
    const rewrite = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ body: 'Rewritten' })
      .expect(400);
    expect(namedFields(rewrite.body)).toEqual(['body']);
    await t.http
      .patch(`/api/messages/${ids.otherTenant}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: true })
      .expect(404);
    const [routine] = await t.rows('messages', '"id" = ?', [ids.routine]);
    expect(bool(routine.handled)).toBe(false);
    expect(routine.handledBy).toBeNull();
    expect(routine.body).toBe('Question about my renewal.');
    const [other] = await t.rows('messages', '"id" = ?', [ids.otherTenant]);
    expect(bool(other.handled)).toBe(false);
    expect(other.handledBy).toBeNull();
  });

  it('has no staff create route for messages', async () => {
    await t.http
      .post(`/api/messages?tenant_id=${TENANT}`)
      .set(auth())
      .send({ callerName: 'X', callerPhone: '+13055550100', body: 'x' })
      .expect(404);
    expect(await t.rows('messages')).toHaveLength(3);
  });
});

describeTenantIsolation('Messages', 'messages');
