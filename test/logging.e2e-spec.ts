/**
 * Structured logs over real HTTP: the app runs at LOG_LEVEL=info and every line it writes to
 * stdout is read back. Request ids are honoured or generated and echoed on every answer; no
 * credential, SMS body or staff token reaches a line; phone numbers appear masked.
 */
import { randomUUID } from 'node:crypto';

import { vonageSignature } from '../src/vonage-webhooks/vonage-signature';
import { ADMIN, createTestApp, TestApp, WEBHOOK_KEY } from './support/test-app';

const PATH = '/api/webhooks/ai-tools';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SMS_TEXT = 'Your renewal quote is ready, see you Tuesday at the harbour office';
const STAFF = { email: 'logs-agent@example.com', password: 'Logs-Agent-Passw0rd!' };

type Entry = Record<string, any>;

describe('structured logs', () => {
  let t: TestApp;
  const written: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    t = await createTestApp({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await t.close();
    write.mockRestore();
  });

  /** Every line written so far, parsed: each one must be a JSON object. */
  const entries = (): Entry[] =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Entry);
  const requestLine = (requestId: string): Entry => {
    const lines = entries().filter((entry) => entry.requestId === requestId && entry.req !== undefined);
    expect(lines).toHaveLength(1);
    return lines[0];
  };

  describe('request ids', () => {
    it("echoes a caller's sane X-Request-Id and logs the request under it", async () => {
      const res = await t.http.get('/api/leads').set('X-Request-Id', 'platform-call-42.trace:7');
      expect(res.headers['x-request-id']).toBe('platform-call-42.trace:7');
      expect(requestLine('platform-call-42.trace:7')).toMatchObject({
        level: 'warn',
        req: { method: 'GET', url: '/api/leads' },
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      });
    });

    it('generates a UUID when the caller sends none, or one that is too long or unsafe', async () => {
      const given = [undefined, 'x'.repeat(129), 'two words', 'forged\\nline'];
      const ids = new Set<string>();
      for (const header of given) {
        const call = t.http.get('/api/leads');
        const res = await (header === undefined ? call : call.set('X-Request-Id', header));
        const id = res.headers['x-request-id'];
        expect(id).toMatch(UUID);
        expect(requestLine(id)).toMatchObject({ req: { url: '/api/leads' }, res: { statusCode: 401 } });
        ids.add(id);
      }
      expect(ids.size).toBe(given.length);
    });

    it('answers and logs with an id even what the webhook refuses before Nest sees it: 400, 413 and 401', async () => {
      const notJson = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .set('Content-Type', 'application/json')
        .send('{not json');
      const tooLarge = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({ function: 'create_lead', args: { notes: 'x'.repeat(200_000) } });
      const noKey = await t.http
        .post(PATH)
        .set('X-Request-Id', 'no-key-call')
        .send({ function: 'create_lead', args: {} });
      expect([notJson.status, tooLarge.status, noKey.status]).toEqual([400, 413, 401]);
      expect(requestLine(notJson.headers['x-request-id'])).toMatchObject({
        req: { method: 'POST', url: PATH },
        res: { statusCode: 400 },
      });
      expect(requestLine(tooLarge.headers['x-request-id'])).toMatchObject({ res: { statusCode: 413 } });
      expect(noKey.headers['x-request-id']).toBe('no-key-call');
      expect(requestLine('no-key-call')).toMatchObject({ res: { statusCode: 401 } });
      // What the app logs while serving a request carries its id.
      expect(
        entries().filter((entry) => entry.requestId === 'no-key-call' && entry.context === 'ToolsWebhook'),
      ).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: expect.stringContaining('Refused a webhook call without a valid key'),
        }),
      ]);
    });

    it('answers the health probes with an id, without a log line for them', async () => {
      const live = await t.http.get('/health/live').expect(200);
      const ready = await t.http.get('/health/ready').expect(200);
      expect(live.headers['x-request-id']).toMatch(UUID);
      expect(ready.headers['x-request-id']).toMatch(UUID);
      expect(entries().filter((entry) => String(entry.req?.url ?? '').startsWith('/health/'))).toEqual([]);
    });
  });

  describe('what never reaches a line', () => {
    it('leaves out the webhook key, passwords, staff tokens, cookies and SMS bodies', async () => {
      const login = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
      const token = login.body.access_token as string;
      await t.http
        .post('/api/users?tenant_id=logs-office')
        .set('Authorization', `Bearer ${token}`)
        .set('Cookie', 'session=cookie-value-never-logged')
        .send({ ...STAFF, role: 'agent' });
      await t.http.get('/api/leads').set('Authorization', `Bearer ${token}`).expect(200);
      const sms = await t.tool(
        'send_sms',
        { to_phone: '+1 786 555 0198', message: SMS_TEXT, caller_name: 'Juan' },
        { callId: 'logs-call-1' },
      );
      const viaHeader = await t.http
        .post(PATH)
        .set('X-API-Key', WEBHOOK_KEY)
        .send({
          function: 'create_lead',
          args: { first_name: 'Ana', phone: '7865550198' },
          call_id: 'logs-call-2',
          tenant_id: 'tenant-a',
        });
      expect([sms.status, viaHeader.status]).toEqual([200, 200]);
      expect(t.vonage.received.map(({ text }) => text)).toContain(SMS_TEXT);

      const everything = written.join('');
      for (const secret of [
        WEBHOOK_KEY,
        ADMIN.password,
        STAFF.password,
        token,
        token.split('.')[2],
        'cookie-value-never-logged',
        SMS_TEXT,
        'harbour',
      ]) {
        expect([secret.slice(0, 12), everything.includes(secret)]).toEqual([secret.slice(0, 12), false]);
      }
      // The headers are there, their values are not.
      expect(requestLine(sms.headers['x-request-id']).req.headers).toMatchObject({ authorization: '[redacted]' });
      expect(requestLine(viaHeader.headers['x-request-id']).req.headers).toMatchObject({ 'x-api-key': '[redacted]' });
    });
  });

  describe('phone numbers', () => {
    it('appear only by their last four digits, in URLs and in messages', async () => {
      const token = await t.staffToken();
      const encoded = await t.http.get('/api/leads?q=%2B17865550198').set('Authorization', `Bearer ${token}`);
      const formatted = await t.http.get('/api/leads?q=(786)%20555-0198').set('Authorization', `Bearer ${token}`);
      // In a path or a parameter that is logged, a number keeps its last four digits.
      const inPath = await t.http.get('/api/leads/%2B1%20(786)%20555-0198').set('Authorization', `Bearer ${token}`);
      const inParameter = await t.http.get('/api/leads?to=%2B17865550198').set('Authorization', `Bearer ${token}`);
      // A tenant the platform names for the first time is logged by name; here the name holds a number.
      const named = await t.tool(
        'create_lead',
        { first_name: 'Ana', phone: '(786) 555-0198' },
        { callId: 'logs-call-3', tenantId: 'line-17865550198' },
      );
      expect([encoded.status, formatted.status, named.status]).toEqual([200, 200, 200]);

      // Search text is never logged: it holds names, numbers and emails.
      expect(requestLine(encoded.headers['x-request-id']).req.url).toBe('/api/leads?q=[redacted]');
      expect(requestLine(formatted.headers['x-request-id']).req.url).toBe('/api/leads?q=[redacted]');
      expect([inPath.status, inParameter.status]).toEqual([400, 400]);
      expect(requestLine(inPath.headers['x-request-id']).req.url).toBe('/api/leads/+* (***) ***-0198');
      expect(requestLine(inParameter.headers['x-request-id']).req.url).toBe('/api/leads?to=+*******0198');
      expect(
        entries().filter(
          (entry) => entry.requestId === named.headers['x-request-id'] && entry.context === 'TenantsService',
        ),
      ).toEqual([expect.objectContaining({ msg: expect.stringContaining('line-*******0198') })]);
      // One line per tool call: function, status and duration, never the args or what was spoken.
      expect(
        entries().filter((entry) => entry.requestId === named.headers['x-request-id'] && entry.msg === 'tool call'),
      ).toEqual([
        expect.objectContaining({
          level: 'info',
          context: 'ToolDispatcher',
          tool: 'create_lead',
          status: 'created',
          httpStatus: 200,
          durationMs: expect.any(Number),
          callId: 'logs-call-3',
        }),
      ]);
      const everything = written.join('');
      expect(everything).not.toMatch(/7865550198|786\D{0,3}555\D{0,3}0198/);
      expect(everything).not.toMatch(/786%20555|%2B1786/i);
    });
  });

  describe('every secret the app knows, sent everywhere a client could put it', () => {
    // Configured for a second app; none holds a run of 7 digits, so the phone masker hides none of them.
    const CONFIGURED = {
      VOIP_TOOLS_WEBHOOK_KEY: 'csk_live_platform_Kq8mWz_Rt3vXp_Lj5nHd_Yc2bFg',
      JWT_SECRET: 'jwt-secret-for-logs_Zt4qVw_Mn8rKx_Pb2sLd_Hy6cJf',
      ADMIN_PASSWORD: 'Admin-Pass&word=Logs#41!',
      VONAGE_API_SECRET: 'vonage-api-secret-Qw7Er',
      VONAGE_SIGNATURE_SECRET: 'vonage-sig-secret_Ab3Cd_Ef5Gh_Ij7Kl',
      VONAGE_WEBHOOK_TOKEN: 'vonage-path-token_Mn2Op_Qr4St_Uv6Wx',
    };
    let s: TestApp;
    let from: number;

    beforeAll(async () => {
      from = written.length;
      s = await createTestApp({ LOG_LEVEL: 'info', VONAGE_SIGNATURE_METHOD: 'sha256', ...CONFIGURED });
    });
    afterAll(() => s.close());

    it('never writes one of them to a line: not from headers, paths, query strings or Vonage webhooks', async () => {
      const admin = { email: ADMIN.email, password: CONFIGURED.ADMIN_PASSWORD };
      const staff = (await s.http.post('/api/auth/login').send(admin).expect(200)).body.access_token as string;
      await s.http
        .post('/api/tenants')
        .set('Authorization', `Bearer ${staff}`)
        .send({ name: 'Secret office', platformTenantId: 'secret-office' })
        .expect(201);
      const tenantKey = (
        await s.http
          .post('/api/webhook-keys?tenant_id=secret-office')
          .set('Authorization', `Bearer ${staff}`)
          .send({ name: 'Main line' })
          .expect(201)
      ).body.key as string;
      const secrets = { ...CONFIGURED, staffToken: staff, tenantKey };

      // The webhook, used as intended with both keys.
      const platformCall = await s.tool(
        'create_lead',
        { first_name: 'Ana', phone: '+1 786 555 0198' },
        {
          key: CONFIGURED.VOIP_TOOLS_WEBHOOK_KEY,
          callId: 'secrets-call-1',
          tenantId: 'secret-office',
        },
      );
      const tenantCall = await s.tool(
        'create_lead',
        { first_name: 'Bea', phone: '+1 786 555 0199' },
        {
          key: tenantKey,
          callId: 'secrets-call-2',
          tenantId: 'secret-office',
        },
      );
      expect([platformCall.status, tenantCall.status]).toEqual([200, 200]);

      // Vonage's inbound webhook on its path-token route, signed, every parameter in the query string.
      const stamped: Record<string, string> = {
        msisdn: '17865550142',
        to: '12015550123',
        messageId: randomUUID(),
        text: 'STOP',
        type: 'text',
        keyword: 'STOP',
        'api-key': 'test-api-key',
        'message-timestamp': new Date().toISOString().slice(0, 19).replace('T', ' '),
        timestamp: String(Math.floor(Date.now() / 1000)),
        nonce: randomUUID(),
      };
      const sig = vonageSignature(stamped, CONFIGURED.VONAGE_SIGNATURE_SECRET, 'sha256');
      const query = new URLSearchParams({ ...stamped, sig }).toString();
      const inbound = await s.http.post(`/api/webhooks/vonage/inbound/${CONFIGURED.VONAGE_WEBHOOK_TOKEN}?${query}`);
      const wrongToken = await s.http.post(`/api/webhooks/vonage/delivery-receipt/${CONFIGURED.VONAGE_WEBHOOK_TOKEN}x`);
      expect([inbound.status, wrongToken.status]).toEqual([204, 401]);
      expect(await s.rows('sms_opt_outs', 'phone = ?', ['+17865550142'])).toEqual([
        expect.objectContaining({ keyword: 'STOP' }),
      ]);

      // Each secret where it does not belong: headers of any name, path segments, query parameters.
      for (const secret of Object.values(secrets)) {
        const encoded = encodeURIComponent(secret);
        const answers = await Promise.all([
          s.http.get('/api/leads').set('Authorization', `Bearer ${secret}`).set('X-Debug-Note', secret),
          s.http.get(`/api/leads/${encoded}`).set('Authorization', `Bearer ${staff}`),
          s.http.post(`/api/webhooks/ai-tools/${encoded}`).send({}),
          s.http.post(`/api/webhooks/vonage/inbound/${encoded}`).send({}),
          s.http.get(`/api/leads?q=${encoded}&api_key=${encoded}`).set('Authorization', `Bearer ${staff}`),
          s.http.get(`/api/leads?token=${encoded}&access_token=${encoded}&note=${encoded}&sig=${encoded}`),
          s.http.get(`/api/calls?password=${encoded}&client_secret=${encoded}&email=${encoded}`),
        ]);
        for (const answer of answers) expect(answer.status).toBeLessThan(500);
      }

      const everything = written.slice(from).join('');
      expect(everything).toContain('"url":"/api/webhooks/vonage/inbound/[redacted]?');
      for (const [name, secret] of Object.entries(secrets)) {
        for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])
          expect([name, everything.includes(form)]).toEqual([name, false]);
      }
      expect([everything.includes(staff.split('.')[2]), everything.includes(sig)]).toEqual([false, false]);
    });
  });
});
