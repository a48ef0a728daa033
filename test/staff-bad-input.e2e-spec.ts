/**
 * Bad input on the staff routes (and the Vonage webhooks) is a 400 naming the field, never a 500:
 * bodies nested absurdly deep, paging numbers no database takes, and whatever a property-based
 * fuzzer makes of every staff route's path, query string and body.
 */
import fc from 'fast-check';
import type { Response } from 'supertest';

import { MAX_BODY_NESTING } from '../src/common/validation/nesting-depth';
import { inventory } from './support/route-inventory';
import { bearer, MISSING_ID } from './support/staff-fixtures';
import { ADMIN, createTestApp, onPostgres, TENANT, TestApp } from './support/test-app';
import type { Body } from './support/values';

/** MAX_LIST_OFFSET of src/common/dto/list-query.dto.ts (importing a DTO here would need reflect-metadata first). */
const MAX_LIST_OFFSET = 1_000_000;
/** The eight staff lists, each paged by ListQueryDto. */
const LISTS = ['appointments', 'leads', 'messages', 'policies', 'sms', 'tool-calls', 'users', 'webhook-keys'];

/** `[[[…]]]` around a value, `depth` arrays deep (as raw JSON: no walker of ours builds it). */
function nestedJson(depth: number, inner = '"x"'): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

/** The staff routes' error shape: the status again, and what went wrong as text. */
function expectStaffError(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body as Body;
  expect(body.statusCode).toBe(status);
  expect(typeof body.message === 'string' || Array.isArray(body.message)).toBe(true);
  expect(res.text).not.toMatch(/RangeError|SqliteError|QueryFailedError|at .+\.js:\d+/);
}

describe('Bad input on staff routes', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('bodies nested deeper than MAX_BODY_NESTING', () => {
    it('are a 400 naming the field on POST /api/auth/login, without a login', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(`{"email":${nestedJson(5000)},"password":"x"}`);
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['email'] });
      expect((res.body as { message: string[] }).message[0]).toMatch(/^email is nested too deeply/);
    });

    it('are a 400 naming the field on POST /api/leads, and no lead is written', async () => {
      const res = await t.http
        .post(`/api/leads?tenant_id=${TENANT}`)
        .set(bearer(token))
        .set('content-type', 'application/json')
        .send(`{"firstName":"Ana","phone":"+17865550198","email":${nestedJson(5000)}}`);
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['email'] });
      expect(await t.rows('leads')).toEqual([]);
    });

    it('are a 400 naming the body when the body itself is the nesting', async () => {
      const res = await t.http
        .post(`/api/leads?tenant_id=${TENANT}`)
        .set(bearer(token))
        .set('content-type', 'application/json')
        .send(nestedJson(MAX_BODY_NESTING + 1));
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['body'] });
    });

    it('leave a body exactly MAX_BODY_NESTING deep to the DTO, which names the field', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(`{"email":${nestedJson(MAX_BODY_NESTING - 1)},"password":"x"}`);
      expectStaffError(res, 400);
      expect((res.body as { message: string[] }).message.join(' ')).not.toMatch(/nested too deeply/);
      expect((res.body as { fields: string[] }).fields).toContain('email');
    });

    it('are a 400 in the staff shape on the Vonage webhooks, and no opt-out is written', async () => {
      const res = await t.http
        .post('/api/webhooks/vonage/inbound')
        .set('content-type', 'application/json')
        .send(`{"msisdn":"17865550198","text":${nestedJson(5000)}}`);
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['text'] });
      expect(await t.rows('sms_opt_outs')).toEqual([]);
    });
  });

  describe('limit and offset', () => {
    it.each(LISTS)('GET /api/%s answers ?offset=1e20 with a 400 naming offset', async (list) => {
      const res = await t.http.get(`/api/${list}?tenant_id=${TENANT}&offset=1e20`).set(bearer(token));
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['offset'] });
    });

    it.each(LISTS)('GET /api/%s answers ?limit=1e20 with a 400 naming limit', async (list) => {
      const res = await t.http.get(`/api/${list}?tenant_id=${TENANT}&limit=1e20`).set(bearer(token));
      expectStaffError(res, 400);
      expect(res.body).toMatchObject({ fields: ['limit'] });
    });

    it('serves the deepest offset allowed, and refuses the next one', async () => {
      const deepest = await t.http.get(`/api/leads?tenant_id=${TENANT}&offset=${MAX_LIST_OFFSET}`).set(bearer(token));
      expect(deepest.status).toBe(200);
      expect(deepest.body).toMatchObject({ data: [], offset: MAX_LIST_OFFSET });
      const beyond = await t.http
        .get(`/api/leads?tenant_id=${TENANT}&offset=${MAX_LIST_OFFSET + 1}`)
        .set(bearer(token));
      expectStaffError(beyond, 400);
      expect(beyond.body).toMatchObject({ fields: ['offset'] });
    });
  });

  describe('fuzzed over every staff route, as an owner', () => {
    // Each request is a round trip to the database; kept small enough for `npm test` and PostgreSQL.
    const RUNS = onPostgres ? 150 : 300;

    const numberish = fc.oneof(
      fc.constantFrom('1e20', '-1', '0', '1.5', 'NaN', 'Infinity', '', ' ', '0x10', '9'.repeat(40), '-0', '1e3', '١٢'),
      fc.integer().map(String),
      fc.double().map(String),
    );
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom("'; DROP TABLE leads; --", '%', '_', '\\', '2026-13-45', '2026-01-01T00:00:00Z', TENANT),
    );
    const queryValue = fc.oneof(numberish, text, fc.array(numberish, { minLength: 2, maxLength: 3 }));
    const queryKey = fc.oneof(
      fc.constantFrom('limit', 'offset', 'q', 'created_from', 'created_to', 'status', 'handled', 'urgent', 'from'),
      fc.constantFrom('to', 'role', 'active', 'tenant_id', '__proto__', 'constructor', 'limit[]', 'offset[a]'),
      fc.string({ maxLength: 10 }),
    );
    const paging = fc.tuple(fc.constantFrom('limit', 'offset'), numberish);
    const query = fc.array(
      fc.oneof({ weight: 2, arbitrary: paging }, { weight: 3, arbitrary: fc.tuple(queryKey, queryValue) }),
      { maxLength: 5 },
    );

    // Around the limit, and deep enough to overflow a recursive walker's stack.
    const deep = fc
      .oneof(fc.integer({ min: MAX_BODY_NESTING - 2, max: 64 }), fc.constantFrom(5_000, 20_000))
      .map((depth) => nestedJson(depth));
    const fieldName = fc.oneof(
      fc.constantFrom('email', 'password', 'firstName', 'lastName', 'phone', 'name', 'role', 'status', 'to'),
      fc.constantFrom('message', 'startsAt', 'policyNumber', 'platformTenantId', 'handled', 'timezone', 'notes'),
      fc.string({ maxLength: 10 }),
    );
    const fieldValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      deep,
      numberish.map((value) => JSON.stringify(value)),
    );
    const objectBody = fc
      .array(fc.tuple(fieldName, fieldValue), { maxLength: 6 })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`);
    const body = fc.oneof(
      { weight: 6, arbitrary: objectBody },
      { weight: 1, arbitrary: deep },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', 'nul', '{"a":1}}', '') },
    );
    const id = fc.oneof(fc.constantFrom(MISSING_ID, 'not-a-uuid', '0', '%2e%2e', 'x'.repeat(300)), fc.uuid());

    it('never answers 500, and answers JSON in the staff shape', async () => {
      const staffRoutes = inventory(t)
        .map((entry) => entry.route)
        .filter((route) => !/ \/api\/webhooks\/|^GET \/health|\/docs/.test(route))
        // Their bodies are CSV, not JSON, and the mass-assignment and import suites fuzz them.
        .filter((route) => route !== 'POST /api/policies/import');
      expect(staffRoutes.length).toBeGreaterThanOrEqual(30);
      const seen = new Map<number, number>();

      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...staffRoutes),
          id,
          query,
          body,
          fc.boolean(),
          async (route, routeId, pairs, raw, scoped) => {
            const [method, pattern] = route.split(' ');
            const path = pattern.replace(/:[A-Za-z]+/g, encodeURIComponent(routeId));
            const search = new URLSearchParams(scoped ? [['tenant_id', TENANT]] : []);
            for (const [key, value] of pairs) {
              for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
            }
            let req = t.http[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](
              `${path}?${search.toString()}`,
            );
            // Login is the only route without a token; the fuzzer may not lock the owner out of it.
            if (route !== 'POST /api/auth/login') req = req.set(bearer(token));
            const res = method === 'GET' ? await req : await req.set('content-type', 'application/json').send(raw);
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status).toBeLessThan(500);
            if (res.status >= 400) expectStaffError(res, res.status);
          },
        ),
        { numRuns: RUNS },
      );
      // The fuzzer reached past validation, not only into it.
      expect(seen.get(400)).toBeGreaterThan(0);
      expect([...seen.keys()].some((status) => status < 300)).toBe(true);
      // The owner's token still works: nothing the fuzzer sent changed the account.
      const me = await t.http.get('/api/auth/me').set(bearer(token));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: ADMIN.email });
    });
  });
});
