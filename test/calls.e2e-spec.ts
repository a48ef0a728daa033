/**
 * The timeline of a call (GET /api/calls/:callId): every tool call and record of the call, in
 * time order, for its own tenant only.
 */
import { bearer, pause, sortedIds } from './support/staff-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { buildWorld, TA, TB, World } from './support/two-tenants';
import { Body, messageText } from './support/values';

describe('Calls: the timeline of a call, tenant by tenant', () => {
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
