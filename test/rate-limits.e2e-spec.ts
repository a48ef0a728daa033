/**
 * Abuse limits over real HTTP with small limits: 5 tool calls a minute per webhook key (per
 * tenant under the platform key), 3 sign-in attempts per 15 minutes per account and address.
 * Every test counts the rows, not only the statuses.
 */
import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { ADMIN, createTestApp, TestApp } from './support/test-app';
import { json } from './support/values';

const PATH = '/api/webhooks/ai-tools';
const WEBHOOK_LIMIT = 5;
const LOGIN_LIMIT = 3;

interface ToolCallRow {
  callId: string | null;
  function_name: string | null;
  tenantId: string;
  status: string;
  message: string;
  httpStatus: number;
  args: unknown;
  error: string | null;
}

describe('rate limits', () => {
  let t: TestApp;
  let owner: string;

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_RATE_LIMIT_PER_MINUTE: String(WEBHOOK_LIMIT),
      LOGIN_RATE_LIMIT_PER_15_MINUTES: String(LOGIN_LIMIT),
    });
    owner = await t.staffToken();
  });
  afterAll(() => t.close());

  const lead = (tenantId: string, n: number, key?: string) =>
    t.tool(
      'create_lead',
      { first_name: `Ana${n}`, phone: `+1786555${String(n).padStart(4, '0')}` },
      { callId: `${tenantId}-call-${n}`, tenantId, key },
    );
  const leadsOf = (tenantId: string) => t.rows<{ firstName: string }>('leads', '"tenantId" = ?', [tenantId]);
  const toolCallsOf = (tenantId: string) => t.rows<ToolCallRow>('tool_calls', '"tenantId" = ?', [tenantId]);

  async function tenantKey(tenantId: string): Promise<string> {
    await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: tenantId, platformTenantId: tenantId })
      .expect(201);
    const made = await t.http
      .post(`/api/webhook-keys?tenant_id=${tenantId}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Main line' })
      .expect(201);
    return made.body.key as string;
  }

  describe('the tools webhook', () => {
    it('answers the call over the limit with 429 in the contract shape and Retry-After, does nothing for it, and logs it for staff', async () => {
      for (let n = 1; n <= WEBHOOK_LIMIT; n++) expect((await lead('limits-a', n)).status).toBe(200);

      const refused = await lead('limits-a', WEBHOOK_LIMIT + 1);

      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ status: 'error', message: Spoken.rateLimited });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Nothing done: no lead for the refused call.
      expect((await leadsOf('limits-a')).map((row) => row.firstName).sort()).toEqual([
        'Ana1',
        'Ana2',
        'Ana3',
        'Ana4',
        'Ana5',
      ]);
      // The key was good, so the call is in the staff log like any other refused call, with what the caller said.
      const calls = await toolCallsOf('limits-a');
      expect(calls).toHaveLength(WEBHOOK_LIMIT + 1);
      const logged = calls.find((row) => row.callId === `limits-a-call-${WEBHOOK_LIMIT + 1}`);
      expect(logged).toMatchObject({ status: 'error', message: Spoken.rateLimited, httpStatus: 429 });
      expect(json(logged?.args)).toMatchObject({ first_name: `Ana${WEBHOOK_LIMIT + 1}` });
      expect(logged?.error).toContain(
        `more than ${WEBHOOK_LIMIT} tool calls in 60 s for tenant limits-a under the platform key`,
      );
    });

    it('logs a flood of refused calls as its first refusal and one summary row per window, not a row per call', async () => {
      for (let n = 1; n <= WEBHOOK_LIMIT; n++) expect((await lead('limits-flood', n)).status).toBe(200);
      const FLOOD = 25;
      for (let n = 1; n <= FLOOD; n++) {
        const refused = await lead('limits-flood', 100 + n);
        expect([n, refused.status, refused.body]).toEqual([n, 429, { status: 'error', message: Spoken.rateLimited }]);
      }
      // The first refusal is logged in full; the other 24 only counted while the window is open.
      const during = await toolCallsOf('limits-flood');
      expect(during).toHaveLength(WEBHOOK_LIMIT + 1);
      expect(during.filter((row) => row.httpStatus === 429)).toEqual([
        expect.objectContaining({ callId: 'limits-flood-call-101', status: 'error', message: Spoken.rateLimited }),
      ]);
      expect(await leadsOf('limits-flood')).toHaveLength(WEBHOOK_LIMIT);

      // The window closes (after the throttler's 60 s; here at once): one summary row for the rest.
      await t.provider<{ closeWindows(): Promise<void> }>('ThrottledCallLogService').closeWindows();

      const after = await toolCallsOf('limits-flood');
      expect(after).toHaveLength(WEBHOOK_LIMIT + 2);
      const summary = after.filter((row) => row.httpStatus === 429 && row.callId === null);
      expect(summary).toEqual([
        expect.objectContaining({ status: 'error', message: Spoken.rateLimited, args: null, function_name: null }),
      ]);
      expect(summary[0].error).toBe(
        `rate limited: ${FLOOD - 1} more tool calls refused within 60 s of the first for tenant limits-flood under the platform key, not logged one by one`,
      );
      // A new window logs its first refusal in full again.
      expect((await lead('limits-flood', 200)).status).toBe(429);
      expect((await toolCallsOf('limits-flood')).map((row) => row.callId)).toContain('limits-flood-call-200');
    });

    it("keeps each tenant's budget apart under the platform key", async () => {
      const other = await lead('limits-b', 1);
      expect(other.status).toBe(200);
      expect(await leadsOf('limits-b')).toHaveLength(1);
      // limits-a is still over its limit.
      expect((await lead('limits-a', 50)).status).toBe(429);
    });

    it('answers a wrong key with 401, never 429, and a flood of them spends nobody’s budget', async () => {
      const before = (await t.rows('tool_calls')).length;
      for (let n = 1; n <= WEBHOOK_LIMIT * 2; n++) {
        const res = await t.http
          .post(PATH)
          .set('Authorization', 'Bearer wrong-key')
          .send({ function: 'create_lead', args: {}, tenant_id: 'limits-c' });
        expect([n, res.status, res.body]).toEqual([n, 401, { status: 'error', message: Spoken.unauthorized }]);
      }
      // Also for a tenant over its limit: the key is checked first.
      expect(
        (
          await t.http
            .post(PATH)
            .set('Authorization', 'Bearer wrong-key')
            .send({ function: 'create_lead', args: {}, tenant_id: 'limits-a' })
        ).status,
      ).toBe(401);
      expect(await t.rows('tool_calls')).toHaveLength(before);

      expect((await lead('limits-c', 1)).status).toBe(200);
      expect(await leadsOf('limits-c')).toHaveLength(1);
    });

    it("counts a tenant's key on its own: another key of the tenant and the platform key have their own budgets", async () => {
      const first = await tenantKey('limits-keyed');
      for (let n = 1; n <= WEBHOOK_LIMIT; n++) expect((await lead('limits-keyed', n, first)).status).toBe(200);
      const refused = await lead('limits-keyed', 10, first);
      expect([refused.status, refused.body]).toEqual([429, { status: 'error', message: Spoken.rateLimited }]);
      expect((await toolCallsOf('limits-keyed')).find((row) => row.callId === 'limits-keyed-call-10')?.error).toContain(
        'for webhook key',
      );

      const second = (
        await t.http
          .post('/api/webhook-keys?tenant_id=limits-keyed')
          .set('Authorization', `Bearer ${owner}`)
          .send({ name: 'Second line' })
          .expect(201)
      ).body.key as string;
      expect((await lead('limits-keyed', 11, second)).status).toBe(200);
      expect((await lead('limits-keyed', 12)).status).toBe(200);
      expect((await leadsOf('limits-keyed')).map((row) => row.firstName).sort()).toEqual([
        'Ana1',
        'Ana11',
        'Ana12',
        'Ana2',
        'Ana3',
        'Ana4',
        'Ana5',
      ]);
    });

    it('counts in the constant-cost sliding-window storage, a few numbers per budget however many calls', async () => {
      const storage = t.provider<{ size: number }>('SlidingWindowThrottlerStorage');
      const before = storage.size;
      for (let n = 1; n <= WEBHOOK_LIMIT + 3; n++) await lead('limits-storage', n);
      // One more key for the new budget, not one entry per call.
      expect(storage.size).toBe(before + 1);
      expect(await leadsOf('limits-storage')).toHaveLength(WEBHOOK_LIMIT);
    });
  });

  describe('staff sign-in', () => {
    const AGENT = { email: 'agent@limits.example.com', password: 'Limits-Agent-Passw0rd' };
    const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });

    beforeAll(async () => {
      await t.http
        .post('/api/tenants')
        .set('Authorization', `Bearer ${owner}`)
        .send({ name: 'Limits office', platformTenantId: 'limits-office' })
        .expect(201);
      await t.http
        .post('/api/users?tenant_id=limits-office')
        .set('Authorization', `Bearer ${owner}`)
        .send({ ...AGENT, role: 'agent' })
        .expect(201);
    });

    it('refuses an account guessed at too often from one address with 429, even with the right password', async () => {
      for (let attempt = 1; attempt <= LOGIN_LIMIT; attempt++)
        expect((await login(AGENT.email, `wrong-${attempt}`)).status).toBe(401);

      const refused = await login(AGENT.email, AGENT.password);

      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: ['Too many sign-in attempts for this account from this address. Try again in 15 minutes.'],
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
      expect(refused.body).not.toHaveProperty('access_token');
      // The same account however it is typed.
      expect((await login(' AGENT@Limits.Example.com ', AGENT.password)).status).toBe(429);
    });

    it('still lets another account sign in from the same address', async () => {
      const res = await login(ADMIN.email, ADMIN.password);
      expect(res.status).toBe(200);
      expect(res.body.access_token).toEqual(expect.any(String));
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
      expect(me.body.email).toBe(ADMIN.email);
    });
  });
});

describe('rate limits: password spraying from one address', () => {
  const ADDRESS_LIMIT = 6;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_RATE_LIMIT_PER_15_MINUTES: '3',
      LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES: String(ADDRESS_LIMIT),
    });
  });
  afterAll(() => t.close());

  it('refuses sign-in from an address that tried too many accounts with 429, even for the right password', async () => {
    const usersBefore = await t.rows('users');
    // One likely password against many accounts: each account stays under its own limit of 3.
    for (let n = 1; n <= ADDRESS_LIMIT; n++) {
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: `staff${n}@spray.example.com`, password: 'Summer2026!' });
      expect([n, res.status]).toEqual([n, 401]);
    }

    const refused = await t.http.post('/api/auth/login').send(ADMIN);

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: ['Too many sign-in attempts from this address. Try again in 15 minutes.'],
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    expect(refused.body).not.toHaveProperty('access_token');
    expect(await t.rows('users')).toEqual(usersBefore);
  });
});
