import { createServer } from 'node:net';

import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TENANT, TestApp } from './support/test-app';

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
