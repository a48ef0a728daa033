/**
 * Fair share of an instance between tenants: args too large to be worth transforming are refused
 * before any validation, and one tenant's calls in hand are bounded so that another tenant's are
 * still served (the figures are `BENCH_ONLY=fairness npm run bench`'s).
 */
import { spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import type { TenantCallSlots } from '../src/tools-webhook/tenant-call-slots';
import { createTestApp, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import type { Body } from './support/values';

const MESSAGE = { caller_name: 'Ana Lopez', caller_phone: '+17865550198', message: 'Please call me back.' };

/** What the attack review sent: 10,500 keys of args, about 94 kB. */
function wideArgs(keys = 10_500): Body {
  const args: Body = { ...MESSAGE };
  for (let i = 0; i < keys; i++) args[`k${i.toString(36)}`] = 0;
  return args;
}

describe('Fair share: the size of args', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM tool_calls');
    await t.dataSource.query('DELETE FROM messages');
  });

  it('refuses args of 10,500 keys with 413 in the contract shape, saves nothing, and logs the call without its args', async () => {
    const res = await t.tool('leave_message', wideArgs(), { callId: 'call-wide' });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ status: 'error', message: spokenIn('en').tooLarge });
    expect(await t.rows('messages')).toEqual([]);
    const [row] = await t.rows<Body>('tool_calls');
    expect(row).toMatchObject({ callId: 'call-wide', tenantId: TENANT, httpStatus: 413, status: 'error' });
    expect(String(row.error)).toMatch(/more than 200 keys/);
    const args = (typeof row.args === 'string' ? JSON.parse(row.args) : row.args) as Body;
    expect(Object.keys(args)).toEqual(['unstorable']);
  });

  it('counts keys at any depth, array items included', async () => {
    const nested = { ...MESSAGE, notes: { a: Array.from({ length: 100 }, () => ({ b: 1 })) } };
    const res = await t.tool('leave_message', nested, { callId: 'call-deep-wide' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 'error' });
    expect(await t.rows('messages')).toEqual([]);
  });

  it('refuses more than WEBHOOK_ARGS_MAX_TEXT characters of text, in the caller’s language', async () => {
    const res = await t
      .tool('leave_message', {
        ...MESSAGE,
        language: 'es',
        a: 'x'.repeat(8000),
        b: 'y'.repeat(8000),
        c: 'z'.repeat(4000),
      })
      .set('accept-language', 'es');
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ status: 'error', message: spokenIn('es').tooLarge });
    expect(await t.rows('messages')).toEqual([]);
    const [row] = await t.rows<Body>('tool_calls');
    expect(String(row.error)).toMatch(/more than 20000 characters of text/);
  });

  it('serves the largest real call: every argument at its longest', async () => {
    const res = await t.tool(
      'leave_message',
      {
        caller_name: 'A'.repeat(200),
        caller_phone: '+17865550198',
        message: 'm'.repeat(5000),
        for_person: 'B'.repeat(200),
        urgent: true,
        callback_preferred_time: 'c'.repeat(200),
      },
      { callId: 'call-long' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'saved' });
    expect(await t.rows('messages')).toHaveLength(1);
  });
});

describe('Fair share: calls in hand per tenant', () => {
  let t: TestApp;
  let slots: TenantCallSlots;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_CONCURRENCY_PER_TENANT: '1', WEBHOOK_QUEUE_PER_TENANT: '1' });
    slots = t.provider<TenantCallSlots>('TenantCallSlots');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a tenant over its bound "busy" while another tenant is served, then serves it in turn', async () => {
    // Tenant A's one slot is taken, as by a call still in hand.
    const held = await slots.acquire(TENANT);
    if (!held) throw new Error('the first slot of a tenant was refused');

    // Its next call waits in its queue (one place)...
    const waiting = t.tool('leave_message', MESSAGE, { callId: 'call-queued' }).then((res) => res);
    while (slots.load(TENANT).waiting === 0) await new Promise((resolve) => setImmediate(resolve));

    // ...the one after is refused as busy, in the contract shape, and saves nothing...
    const busy = await t.tool('leave_message', MESSAGE, { callId: 'call-busy' });
    expect(busy.status).toBe(429);
    expect(busy.body).toEqual({ status: 'error', message: spokenIn('en').rateLimited });
    expect(busy.headers['retry-after']).toBe('1');

    // ...while tenant B, at the same moment, is served.
    const other = await t.tool('leave_message', MESSAGE, { callId: 'call-other', tenantId: OTHER_TENANT });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ status: 'saved' });
    expect(await t.rows('messages', '"tenantId" = ?', [TENANT])).toEqual([]);
    expect(await t.rows('messages', '"tenantId" = ?', [OTHER_TENANT])).toHaveLength(1);

    // A's slot given back: the queued call runs.
    held();
    const queued = await waiting;
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ status: 'saved' });
    expect(await t.rows('messages', '"tenantId" = ?', [TENANT])).toHaveLength(1);
    expect(slots.load(TENANT)).toEqual({ inFlight: 0, waiting: 0 });
  });
});
