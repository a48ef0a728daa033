import { createServer } from 'node:net';

import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { adminId, MISSING_ID } from './support/staff-fixtures';
import { describeTenantIsolation } from './support/tenant-lists';
import { createTestApp, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import { Body, namedFields } from './support/values';

interface SmsRow {
  status: string;
  provider: string;
  providerMessageId: string | null;
  error: string | null;
  toPhone: string;
}

const SMS_ARGS = { to_phone: '+17865551234', message: 'Your appointment is confirmed for Friday at 2pm.' };

/** A loopback port with nothing listening: a provider that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SMS through Vonage (the real SDK against a local fake)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SMS_TIMEOUT_MS: '700' });
  });
  afterEach(() => {
    t.vonage.mode = 'accept';
  });
  afterAll(() => t.close());

  it('sends with the configured credentials and sender, and records the provider id', async () => {
    const res = await t.tool('send_sms', { ...SMS_ARGS, purpose: 'appointment_confirmation' }, { callId: 'sms-ok' });
    expect(res.body.status).toBe('sent');
    const [received] = t.vonage.received.slice(-1);
    expect(received).toMatchObject({
      to: '17865551234',
      from: 'VoiceCRM',
      text: SMS_ARGS.message,
      apiKey: 'test-api-key',
    });
    const [row] = await t.rows<SmsRow & { id: string }>('sms_messages', '"callId" = ?', ['sms-ok']);
    expect(row).toMatchObject({ status: 'sent', provider: 'vonage', error: null, toPhone: '+17865551234' });
    expect(row.providerMessageId).toEqual(expect.any(String));
    expect(received.clientRef).toBe(row.id);
  });

  it('sends accented text as unicode so it arrives intact', async () => {
    await t.tool(
      'send_sms',
      { to_phone: '+17865551234', message: 'Su cita está confirmada, José.' },
      { callId: 'sms-unicode' },
    );
    const [received] = t.vonage.received.slice(-1);
    expect(received).toMatchObject({ text: 'Su cita está confirmada, José.', type: 'unicode' });
  });

  it.each([
    ['answers HTTP 503', 'server-error', /HTTP 503/],
    ['throttles (status 1)', 'throttle', /status 1\b/],
    ['does not answer within SMS_TIMEOUT_MS', 'hang', /did not answer in time/],
  ] as const)(
    'when the provider %s, the text is queued for a retry and the caller hears it will follow',
    async (_case, mode, reason) => {
      t.vonage.mode = mode;
      const callId = `sms-${mode}`;
      const res = await t.tool('send_sms', SMS_ARGS, { callId });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('failed');
      expect(res.body.message).toBe(Spoken.smsQueued('1234'));
      const [row] = await t.rows<
        SmsRow & { attempts: number; nextAttemptAt: string | Date | null; leaseOwner: string | null }
      >('sms_messages', '"callId" = ?', [callId]);
      expect(row).toMatchObject({ status: 'queued', providerMessageId: null, attempts: 1, leaseOwner: null });
      expect(new Date(row.nextAttemptAt as string).getTime()).toBeGreaterThan(Date.now());
      expect(row.error).toMatch(reason);
      const [logged] = await t.rows<{ status: string; error: string }>('tool_calls', '"callId" = ?', [callId]);
      expect(logged.status).toBe('failed');
      expect(logged.error).toMatch(reason);
    },
  );

  it.each([
    ['refuses the number (status 3)', 'reject-number', /status 3\b/],
    ['refuses the credentials (status 4)', 'bad-credentials', /status 4\b/],
  ] as const)(
    'when the provider %s, the text fails at once and the caller hears the team will follow up',
    async (_case, mode, reason) => {
      t.vonage.mode = mode;
      const callId = `sms-${mode}`;
      const res = await t.tool('send_sms', SMS_ARGS, { callId });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', message: Spoken.smsFailedRefused });
      expect(res.body.message).not.toMatch(/status|HTTP|Vonage|error/i);
      const [row] = await t.rows<SmsRow & { nextAttemptAt: unknown }>('sms_messages', '"callId" = ?', [callId]);
      expect(row).toMatchObject({ status: 'failed', providerMessageId: null, nextAttemptAt: null });
      expect(row.error).toMatch(reason);
      const [logged] = await t.rows<{ status: string; error: string }>('tool_calls', '"callId" = ?', [callId]);
      expect(logged.status).toBe('failed');
      expect(logged.error).toMatch(reason);
    },
  );
});

describe('SMS when the provider is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VONAGE_REST_HOST: `http://127.0.0.1:${await closedPort()}` });
  });
  afterAll(() => t.close());

  it('answers failed, never a 500, and keeps the SMS queued for a retry', async () => {
    const res = await t.tool('send_sms', SMS_ARGS, { callId: 'sms-down' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'failed', message: Spoken.smsQueued('1234'), sms_id: expect.any(String) });
    const [row] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', ['sms-down']);
    expect(row.status).toBe('queued');
    expect(row.error).toMatch(/could not be reached/);
  });
});

describe('SMS_PROVIDER=log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      SMS_PROVIDER: 'log',
      VONAGE_API_KEY: undefined,
      VONAGE_API_SECRET: undefined,
      VONAGE_FROM: undefined,
    });
  });
  afterAll(() => t.close());

  it('records the SMS as logged and sends nothing', async () => {
    const res = await t.tool('send_sms', SMS_ARGS, { callId: 'sms-log', tenantId: TENANT });
    expect(res.body.status).toBe('sent');
    expect(t.vonage.requests).toBe(0);
    const [row] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', ['sms-log']);
    expect(row).toMatchObject({ status: 'logged', provider: 'log', providerMessageId: null });
  });
});

describe('SMS_PROVIDER defaults', () => {
  it('to log without Vonage credentials', async () => {
    const t = await createTestApp({
      SMS_PROVIDER: undefined,
      VONAGE_API_KEY: undefined,
      VONAGE_API_SECRET: undefined,
      VONAGE_FROM: undefined,
    });
    try {
      await t.tool('send_sms', SMS_ARGS, { callId: 'sms-default' });
      const [row] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', ['sms-default']);
      expect(row.provider).toBe('log');
      expect(t.vonage.requests).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('SMS: staff API', () => {
  let t: TestApp;
  let token: string;
  let admin: string;
  let sent: Body;
  let failed: Body;
  let timedOut: Body;
  let refused: Body;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
    admin = await adminId(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const send = (body: Body, tenant: string | null = TENANT) =>
    t.http
      .post(tenant === null ? '/api/sms' : `/api/sms?tenant_id=${tenant}`)
      .set(auth())
      .send(body);

  it('sends a text through the provider and records who asked', async () => {
    const text = 'Your policy documents are ready. Reply STOP to opt out.';
    const response = await send({ toPhone: '(786) 555-0198', body: text, purpose: 'documents' }).expect(201);
    sent = response.body as Body;
    expect(response.body).toMatchObject({
      status: 'sent',
      toPhone: '+17865550198',
      body: text,
      requestedBy: admin,
      tenantId: TENANT,
      callId: null,
      provider: 'vonage',
      error: null,
    });
    expect(t.vonage.received).toHaveLength(1);
    expect(t.vonage.received[0]).toMatchObject({ to: '17865550198', text, from: 'VoiceCRM', clientRef: sent.id });

    const [row] = await t.rows('sms_messages', '"id" = ?', [sent.id]);
    expect(row).toMatchObject({
      status: 'sent',
      toPhone: '+17865550198',
      body: text,
      requestedBy: admin,
      tenantId: TENANT,
      purpose: 'documents',
      error: null,
    });
    expect(typeof row.providerMessageId).toBe('string');
    expect(String(row.providerMessageId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.providerMessageId).toBe(response.body.providerMessageId);
    expect(row.sentAt).not.toBeNull();
  });

  it('records a provider failure as a queued row with its reason, and still answers 201', async () => {
    t.vonage.mode = 'server-error';
    const received = t.vonage.received.length;
    try {
      const response = await send({ toPhone: '+13055550100', body: 'This one will not leave yet.' }).expect(201);
      failed = response.body as Body;
      expect(response.body).toMatchObject({
        status: 'queued',
        attempts: 1,
        providerMessageId: null,
        requestedBy: admin,
      });
      expect(String(response.body.error)).toMatch(/\S/);
    } finally {
      t.vonage.mode = 'accept';
    }
    expect(t.vonage.received).toHaveLength(received);
    const [row] = await t.rows('sms_messages', '"id" = ?', [failed.id]);
    expect(row).toMatchObject({
      status: 'queued',
      providerMessageId: null,
      requestedBy: admin,
      toPhone: '+13055550100',
      tenantId: TENANT,
      sentAt: null,
    });
    expect(String(row.error)).toMatch(/503|Vonage/);
    expect(row.error).toBe(failed.error);
  });

  it('records a refusal as a failed row, and still answers 201', async () => {
    t.vonage.mode = 'reject-number';
    try {
      refused = (await send({ toPhone: '+13055550108', body: 'Refused.' }).expect(201)).body as Body;
    } finally {
      t.vonage.mode = 'accept';
    }
    expect(refused).toMatchObject({ status: 'failed', providerMessageId: null, sentAt: null });
    const [row] = await t.rows('sms_messages', '"id" = ?', [refused.id]);
    expect(row).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(String(row.error)).toMatch(/status 3/);
  });

  it('records a provider that never answers as queued for a retry, and still answers 201', async () => {
    t.vonage.mode = 'hang';
    const response = await (async () => {
      try {
        return await send({ toPhone: '+13055550109', body: 'Nobody is listening.' }).expect(201);
      } finally {
        t.vonage.mode = 'accept';
      }
    })();
    timedOut = response.body as Body;
    expect(timedOut).toMatchObject({ status: 'queued', providerMessageId: null, sentAt: null });
    const [row] = await t.rows('sms_messages', '"id" = ?', [response.body.id]);
    expect(row).toMatchObject({ status: 'queued', providerMessageId: null, toPhone: '+13055550109' });
    expect(String(row.error)).toMatch(/\S/);
  });

  it('refuses an invalid number, a missing tenant or an empty body without contacting the provider', async () => {
    const requests = t.vonage.requests;
    const before = (await t.rows('sms_messages')).length;
    const badPhone = await send({ toPhone: '12', body: 'hi' }).expect(400);
    expect(namedFields(badPhone.body)).toEqual(['toPhone']);
    const noTenant = await send({ toPhone: '+13055550100', body: 'hi' }, null).expect(400);
    expect(namedFields(noTenant.body)).toEqual(['tenant_id']);
    const empty = await send({ toPhone: '+13055550100', body: '' }).expect(400);
    expect(namedFields(empty.body)).toEqual(['body']);
    const forged = await send({ toPhone: '+13055550100', body: 'hi', requestedBy: 'someone-else' }).expect(400);
    expect(namedFields(forged.body)).toEqual(['requestedBy']);
    expect(t.vonage.requests).toBe(requests);
    expect(await t.rows('sms_messages')).toHaveLength(before);
  });

  it('lists texts with filters and reads one by id, scoped to the tenant', async () => {
    await send({ toPhone: '+13055550101', body: 'Other tenant text.' }, OTHER_TENANT).expect(201);
    await t
      .tool(
        'send_sms',
        { to_phone: '305 555 0102', message: 'Sent by the agent.' },
        { tenantId: TENANT, callId: 'call-sms-1' },
      )
      .expect(200);

    const list = await t.http.get(`/api/sms?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(list.body).toMatchObject({ total: 5, limit: 20, offset: 0 });
    const rows = await t.rows('sms_messages', '"tenantId" = ?', [TENANT]);
    expect((list.body.data as Body[]).map((sms) => sms.id).sort()).toEqual(rows.map((row) => row.id).sort());

    const queuedOnly = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=queued`).set(auth()).expect(200);
    expect((queuedOnly.body.data as Body[]).map((sms) => sms.id).sort()).toEqual([failed.id, timedOut.id].sort());
    const failedOnly = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=failed`).set(auth()).expect(200);
    expect((failedOnly.body.data as Body[]).map((sms) => sms.id)).toEqual([refused.id]);

    const fromCall = await t.http.get(`/api/sms?tenant_id=${TENANT}&call_id=call-sms-1`).set(auth()).expect(200);
    expect(fromCall.body.total).toBe(1);
    expect(fromCall.body.data[0]).toMatchObject({
      requestedBy: 'voice_agent',
      callId: 'call-sms-1',
      toPhone: '+13055550102',
      status: 'sent',
    });

    const everywhere = await t.http.get('/api/sms').set(auth()).expect(200);
    expect(everywhere.body.total).toBe(6);
    expect(everywhere.body.total).toBe((await t.rows('sms_messages')).length);

    const one = await t.http.get(`/api/sms/${sent.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(one.body).toMatchObject({
      id: sent.id,
      status: 'sent',
      toPhone: '+17865550198',
      requestedBy: admin,
      providerMessageId: sent.providerMessageId,
    });
    await t.http.get(`/api/sms/${sent.id}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/sms/${MISSING_ID}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/sms/123?tenant_id=${TENANT}`).set(auth()).expect(400);

    const badStatus = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=arrived`).set(auth()).expect(400);
    expect(namedFields(badStatus.body)).toEqual(['status']);
  });
});

describeTenantIsolation('SMS', 'sms');
