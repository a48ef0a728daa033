import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { refuseWrites } from './support/fault-injection';
import { createTestApp, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';

interface LoggedCall {
  id: string;
  status: string;
  message: string;
  replayOf: string | null;
  error: string | null;
  createdAt: string;
}

const LEAD = { first_name: 'Ana', last_name: 'Diaz', phone: '(786) 555-0198', interest: 'home insurance' };
const SMS = { to_phone: '+17865550111', message: 'Our address is 100 Biscayne Blvd.' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('re-delivered tool calls: the first answer is replayed, nothing is done twice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const logged = (callId: string) =>
    t.rows<LoggedCall>('tool_calls', '"callId" = ? ORDER BY "createdAt", "replayOf" NULLS FIRST', [callId]);

  it('sends one text for two deliveries of one send_sms, and logs the second as a replay', async () => {
    const first = await t.tool('send_sms', SMS, { callId: 'dup-sms' });
    const second = await t.tool('send_sms', SMS, { callId: 'dup-sms' });

    expect(first.body.status).toBe('sent');
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(t.vonage.received.filter((sms) => sms.text === SMS.message)).toHaveLength(1);
    expect(await t.rows('sms_messages', '"callId" = ?', ['dup-sms'])).toHaveLength(1);
    const [original, replay] = await logged('dup-sms');
    expect(original).toMatchObject({ status: 'sent', replayOf: null });
    expect(replay).toMatchObject({ status: 'sent', message: original.message, replayOf: original.id });
    expect(replay.error).toMatch(/replayed/);
  });

  it('runs five copies arriving at the same moment once, and answers each with the same lead', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.tool('create_lead', LEAD, { callId: 'dup-burst' })),
    );

    const leadIds = new Set(answers.map((answer) => answer.body.lead_id as string));
    expect(answers.map((answer) => answer.body.status)).toEqual(Array(5).fill('created'));
    expect(leadIds.size).toBe(1);
    const leads = await t.rows<{ id: string }>('leads', '"callId" = ?', ['dup-burst']);
    expect(leads.map((lead) => lead.id)).toEqual([...leadIds]);
    const calls = await logged('dup-burst');
    expect(calls).toHaveLength(5);
    const originals = calls.filter((call) => call.replayOf === null);
    expect(originals).toHaveLength(1);
    expect(calls.filter((call) => call.replayOf === originals[0].id)).toHaveLength(4);
  });

  it('treats args in another key order, or with other spacing in the JSON, as the same call', async () => {
    await t.tool(
      'leave_message',
      { caller_name: 'Bo', caller_phone: '7865550123', message: 'Call me back' },
      { callId: 'dup-order' },
    );
    await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
      .set('Content-Type', 'application/json')
      .send(
        `{ "tenant_id": "${TENANT}", "args": {"message": "Call me back", "caller_phone": "7865550123", "caller_name": "Bo"}, "call_id": "dup-order", "function": "leave_message" }`,
      )
      .expect(200);

    expect(await t.rows('messages', '"callId" = ?', ['dup-order'])).toHaveLength(1);
    expect((await logged('dup-order')).filter((call) => call.replayOf !== null)).toHaveLength(1);
  });

  it('runs calls that differ in args, function, call or tenant', async () => {
    // One caller: the first call of each tenant creates the lead, every later one that runs updates it.
    const caller = { ...LEAD, phone: '(786) 555-0161' };
    const answers = [
      await t.tool('create_lead', caller, { callId: 'distinct-1' }),
      await t.tool('create_lead', { ...caller, interest: 'auto insurance' }, { callId: 'distinct-1' }),
      await t.tool('create_lead', caller, { callId: 'distinct-2' }),
      await t.tool('create_lead', caller, { callId: 'distinct-1', tenantId: 'tenant-b' }),
    ];

    expect(answers.map((answer) => answer.body.status)).toEqual(['created', 'updated', 'updated', 'created']);
    expect(await t.rows('leads', '"callId" IN (?, ?)', ['distinct-1', 'distinct-2'])).toHaveLength(2);
    const [lead] = await t.rows<{ notes: string }>('leads', 'id = ?', [answers[0].body.lead_id]);
    expect(lead.notes).toBe('[call distinct-1] interest: auto insurance\n[call distinct-2] called again');
    expect(
      await t.rows('tool_calls', '"callId" IN (?, ?) AND "replayOf" IS NOT NULL', ['distinct-1', 'distinct-2']),
    ).toHaveLength(0);
  });

  it('never replays calls without a call id', async () => {
    const send = () =>
      t.http
        .post('/api/webhooks/ai-tools')
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({
          function: 'create_lead',
          args: { ...LEAD, first_name: 'Nocallid', phone: '(786) 555-0162' },
          tenant_id: TENANT,
        })
        .expect(200);
    // Both run: the first creates the lead, the second finds that caller on file and updates it.
    expect([(await send()).body.status, (await send()).body.status]).toEqual(['created', 'updated']);

    const leads = await t.rows<{ notes: string }>('leads', '"firstName" = ?', ['Nocallid']);
    expect(leads).toHaveLength(1);
    expect(leads[0].notes).toBe('[call without an id] called again');
    expect(await t.rows('tool_calls', '"callId" IS NULL AND "replayOf" IS NOT NULL')).toHaveLength(0);
  });

  it('lets a re-delivery run a call whose first delivery failed unexpectedly', async () => {
    const restore = await refuseWrites(t, 'leads', 'INSERT');
    let failed;
    try {
      failed = await t.tool(
        'create_lead',
        { ...LEAD, first_name: 'Retried', phone: '(786) 555-0163' },
        { callId: 'dup-after-500' },
      );
    } finally {
      await restore();
    }
    const retried = await t.tool(
      'create_lead',
      { ...LEAD, first_name: 'Retried', phone: '(786) 555-0163' },
      { callId: 'dup-after-500' },
    );

    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ status: 'error', message: Spoken.unexpected });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('created');
    expect(await t.rows('leads', '"callId" = ?', ['dup-after-500'])).toHaveLength(1);
    expect((await logged('dup-after-500')).map((call) => [call.status, call.replayOf])).toEqual([
      ['error', null],
      ['created', null],
    ]);
  });

  it('replays a question for a missing argument rather than asking something else', async () => {
    const first = await t.tool('send_sms', { message: 'hi' }, { callId: 'dup-question' });
    const second = await t.tool('send_sms', { message: 'hi' }, { callId: 'dup-question' });
    expect(first.body).toEqual({ status: 'error', message: 'Could you tell me the phone number to text?' });
    expect(second.body).toEqual(first.body);
    expect(t.vonage.received.filter((sms) => sms.text === 'hi')).toHaveLength(0);
  });
});

describe('the replay window (TOOL_CALL_REPLAY_WINDOW_SECONDS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TOOL_CALL_REPLAY_WINDOW_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('runs the same call again once the window has passed', async () => {
    await t.tool('create_lead', LEAD, { callId: 'window' });
    await t.tool('create_lead', LEAD, { callId: 'window' });
    await sleep(1200);
    // Run again: the caller is on file by then, so the lead is updated rather than made twice.
    const late = await t.tool('create_lead', LEAD, { callId: 'window' });

    expect(late.body.status).toBe('updated');
    const leads = await t.rows<{ id: string; notes: string }>('leads', '"callId" = ?', ['window']);
    expect(leads).toHaveLength(1);
    expect(leads[0].notes).toBe('[call window] called again');
    expect(await t.rows('record_changes', '"recordId" = ? AND "callId" = ?', [leads[0].id, 'window'])).toHaveLength(1);
    expect(await t.rows('tool_calls', '"callId" = ? AND "replayOf" IS NOT NULL', ['window'])).toHaveLength(1);
  });
});

describe('a re-delivered call whose first delivery died mid-call (TOOL_CALL_ABANDONED_AFTER_MS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The outbox does not retry during these tests: every text the fake receives is a send_sms's own attempt.
    t = await createTestApp({ TOOL_CALL_ABANDONED_AFTER_MS: '1000', SMS_RETRY_BASE_MS: '600000' });
  });
  afterEach(() => {
    t.vonage.mode = 'accept';
  });
  afterAll(() => t.close());

  /**
   * What an instance killed mid-call leaves: the records it made, its claim on the call's
   * fingerprint with no answer, and no log row (that is written when answering). Then the claim
   * is given time to be judged abandoned.
   */
  async function die(callId: string): Promise<void> {
    await t.dataSource.query(
      `UPDATE tool_call_fingerprints SET "httpStatus" = NULL, "reply" = NULL WHERE "callId" = '${callId}'`,
    );
    await t.dataSource.query(`DELETE FROM tool_calls WHERE "callId" = '${callId}'`);
    await sleep(1100);
  }

  it('reports the text the dead delivery sent, and sends no second one', async () => {
    const text = { to_phone: '+17865550141', message: 'Our address is 200 Brickell Ave.' };
    const first = await t.tool('send_sms', text, { callId: 'dead-sms' });
    expect(first.body.status).toBe('sent');
    await die('dead-sms');

    const again = await t.tool('send_sms', text, { callId: 'dead-sms' });

    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'sent', message: Spoken.smsSent('0141'), sms_id: first.body.sms_id });
    const rows = await t.rows<{ id: string; status: string }>('sms_messages', '"callId" = ?', ['dead-sms']);
    expect(rows.map((row) => [row.id, row.status])).toEqual([[first.body.sms_id, 'sent']]);
    expect(t.vonage.received.filter((sms) => sms.text === text.message)).toHaveLength(1);
    const [logged] = await t.rows<LoggedCall>('tool_calls', '"callId" = ?', ['dead-sms']);
    expect(logged).toMatchObject({ status: 'sent', replayOf: null });
    expect(logged.error).toMatch(/took over from the delivery logged as .+, which never answered/);
    const [fingerprint] = await t.rows<{ toolCallId: string; httpStatus: number }>(
      'tool_call_fingerprints',
      '"callId" = ?',
      ['dead-sms'],
    );
    expect(fingerprint).toMatchObject({ toolCallId: logged.id, httpStatus: 200 });
  });

  it('reports a text the dead delivery left to the outbox as queued, and makes no second attempt', async () => {
    const text = { to_phone: '+17865550142', message: 'Your quote number is 4471.' };
    t.vonage.mode = 'throttle';
    const first = await t.tool('send_sms', text, { callId: 'dead-queued' });
    expect(first.body).toMatchObject({ status: 'failed', message: Spoken.smsQueued('0142') });
    const attempts = t.vonage.requests;
    t.vonage.mode = 'accept';
    await die('dead-queued');

    const again = await t.tool('send_sms', text, { callId: 'dead-queued' });

    expect(again.body).toEqual({ status: 'failed', message: Spoken.smsQueued('0142'), sms_id: first.body.sms_id });
    const rows = await t.rows<{ status: string; attempts: number }>('sms_messages', '"callId" = ?', ['dead-queued']);
    expect(rows).toEqual([expect.objectContaining({ status: 'queued', attempts: 1 })]);
    expect(t.vonage.requests).toBe(attempts);
    expect(t.vonage.received.filter((sms) => sms.text === text.message)).toHaveLength(0);
  });

  it('reports the lead the dead delivery created, rather than updating it as a returning caller', async () => {
    const caller = { ...LEAD, first_name: 'Dora', phone: '(786) 555-0143' };
    const first = await t.tool('create_lead', caller, { callId: 'dead-lead' });
    expect(first.body.status).toBe('created');
    await die('dead-lead');

    const again = await t.tool('create_lead', caller, { callId: 'dead-lead' });

    expect(again.body).toEqual(first.body);
    const leads = await t.rows<{ id: string; notes: string | null }>('leads', '"callId" = ?', ['dead-lead']);
    expect(leads).toEqual([expect.objectContaining({ id: first.body.lead_id, notes: null })]);
    expect(await t.rows('record_changes', '"recordId" = ? AND "action" = ?', [first.body.lead_id, 'update'])).toEqual(
      [],
    );
  });

  it('reports the appointment the dead delivery booked, rather than finding its time taken', async () => {
    const day = new Date(Date.now() + 12 * 86_400_000);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const booking = {
      caller_name: 'Eva',
      phone: '3055550144',
      date: day.toISOString().slice(0, 10),
      time: '10:00 AM',
      purpose: 'policy review',
    };
    const first = await t.tool('schedule_appointment', booking, { callId: 'dead-appt' });
    expect(first.body.status).toBe('scheduled');
    await die('dead-appt');

    const again = await t.tool('schedule_appointment', booking, { callId: 'dead-appt' });

    expect(again.body).toEqual(first.body);
    expect(await t.rows('appointments', '"callId" = ?', ['dead-appt'])).toHaveLength(1);
  });

  it('keeps the message the dead delivery saved, and texts the on-call phone once', async () => {
    await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${await t.staffToken()}`)
      .send({ name: 'On Call', platformTenantId: 'dead-on-call', onCallPhone: '+17865550145' })
      .expect(201);
    const message = {
      caller_name: 'Fia',
      caller_phone: '7865550146',
      message: 'The basement is flooding',
      urgent: true,
    };
    const options = { callId: 'dead-message', tenantId: 'dead-on-call' };
    const first = await t.tool('leave_message', message, options);
    expect(first.body.status).toBe('saved');
    await die('dead-message');

    const again = await t.tool('leave_message', message, options);

    expect(again.body).toEqual(first.body);
    expect(await t.rows('messages', '"callId" = ?', ['dead-message'])).toHaveLength(1);
    expect(await t.rows('sms_messages', '"callId" = ?', ['dead-message'])).toHaveLength(1);
    expect(t.vonage.received.filter((sms) => sms.to === '17865550145')).toHaveLength(1);
  });
});
