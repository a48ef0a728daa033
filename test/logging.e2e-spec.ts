/**
 * Structured logs over real HTTP: the app runs at LOG_LEVEL=info and every line it writes to
 * stdout is read back. Request ids are honoured or generated and echoed on every answer; no
 * credential, SMS body or staff token reaches a line; phone numbers appear masked.
 */
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
      // A tenant the platform names for the first time is logged by name; here the name holds a number.
      const named = await t.tool(
        'create_lead',
        { first_name: 'Ana', phone: '(786) 555-0198' },
        { callId: 'logs-call-3', tenantId: 'line-17865550198' },
      );
      expect([encoded.status, formatted.status, named.status]).toEqual([200, 200, 200]);

      expect(requestLine(encoded.headers['x-request-id']).req.url).toBe('/api/leads?q=+*******0198');
      expect(requestLine(formatted.headers['x-request-id']).req.url).toBe('/api/leads?q=(***) ***-0198');
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
});
