import { ExecutionContext, ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { TenantKeyMatch, WebhookKeysService } from '../webhook-keys/webhook-keys.service';
import { ApiKeyGuard } from './api-key.guard';
import type { WebhookCall } from './call/webhook-call';
import { VoipToolCallEnvelope } from './envelope/voip-tool-call.envelope';

const KEY = 'k3y-0f-the-voip-platform-2c9f1e7a';
const OTHER_KEY = 'second-rotation-key-55d0b1';
const TENANT_KEY = `vck_${'A'.repeat(43)}`;
const OTHER_TENANT_KEY = `vck_${'B'.repeat(43)}`;

type Headers = Record<string, string | string[] | undefined>;
type Request = { headers: Headers; body?: unknown; id?: string; webhookStartedAt?: number; webhookCall?: WebhookCall };

/**
 * Stands in for WebhookKeysService.authenticate: the tenant keys it knows, by key, each until
 * revoked; it remembers every lookup it was asked for.
 */
class TenantKeysStandIn {
  readonly lookups: string[][] = [];
  private readonly keys = new Map<string, TenantKeyMatch>([
    [TENANT_KEY, { id: 'key-a', tenantId: 'tenant-a', prefix: TENANT_KEY.slice(0, 12) }],
    [OTHER_TENANT_KEY, { id: 'key-b', tenantId: 'tenant-b', prefix: OTHER_TENANT_KEY.slice(0, 12) }],
  ]);

  revoke(key: string): void {
    this.keys.delete(key);
  }

  authenticate(presented: readonly string[]): Promise<TenantKeyMatch | null> {
    this.lookups.push([...presented]);
    return Promise.resolve(presented.map((key) => this.keys.get(key)).find((match) => match !== undefined) ?? null);
  }
}

/** Just enough of an ExecutionContext for a guard that reads the request's headers and body. */
function contextWith(request: Request): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

let tenantKeys: TenantKeysStandIn;

function guardWith(configured: string | undefined): ApiKeyGuard {
  const values: Record<string, string> = {};
  if (configured !== undefined) values.VOIP_TOOLS_WEBHOOK_KEY = configured;
  return new ApiKeyGuard(
    new ConfigService(values),
    tenantKeys as unknown as WebhookKeysService,
    new VoipToolCallEnvelope(),
  );
}

/** true when accepted; the thrown exception when refused (anything but 401 or 403 fails the test). */
async function attemptWith(
  guard: ApiKeyGuard,
  request: Request,
): Promise<true | UnauthorizedException | ForbiddenException> {
  try {
    const result = await guard.canActivate(contextWith(request));
    if (result !== true) throw new Error(`canActivate answered ${String(result)} instead of true or throwing`);
    return true;
  } catch (error) {
    if (error instanceof UnauthorizedException || error instanceof ForbiddenException) return error;
    throw error;
  }
}

const attempt = (guard: ApiKeyGuard, headers: Headers) => attemptWith(guard, { headers });

describe('ApiKeyGuard', () => {
  const savedKey = process.env.VOIP_TOOLS_WEBHOOK_KEY;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  beforeEach(() => {
    tenantKeys = new TenantKeysStandIn();
    // ConfigService falls back to process.env: the "unset" cases must really be unset.
    delete process.env.VOIP_TOOLS_WEBHOOK_KEY;
  });

  afterEach(() => {
    if (savedKey === undefined) delete process.env.VOIP_TOOLS_WEBHOOK_KEY;
    else process.env.VOIP_TOOLS_WEBHOOK_KEY = savedKey;
  });

  describe('with one key configured', () => {
    const guard = () => guardWith(KEY);

    it('accepts the key as a Bearer token', async () => {
      expect(await attempt(guard(), { authorization: `Bearer ${KEY}` })).toBe(true);
    });

    it('accepts the key in X-API-Key', async () => {
      expect(await attempt(guard(), { 'x-api-key': KEY })).toBe(true);
    });

    it('accepts the key with surrounding white space in X-API-Key', async () => {
      expect(await attempt(guard(), { 'x-api-key': `  ${KEY} ` })).toBe(true);
    });

    it.each(['bearer', 'BEARER', 'BeArEr'])('treats the "%s" prefix like "Bearer"', async (prefix) => {
      expect(await attempt(guard(), { authorization: `${prefix} ${KEY}` })).toBe(true);
    });

    it('refuses a wrong key of the same length with UnauthorizedException', async () => {
      const wrong = `${KEY.slice(0, -1)}${KEY.endsWith('a') ? 'b' : 'a'}`;
      expect(wrong).toHaveLength(KEY.length);
      expect(wrong).not.toBe(KEY);
      expect(await attempt(guard(), { authorization: `Bearer ${wrong}` })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard(), { 'x-api-key': wrong })).toBeInstanceOf(UnauthorizedException);
    });

    it.each([
      ['a prefix of the key', KEY.slice(0, 10)],
      ['the key with an extra character', `${KEY}x`],
      ['the key twice', `${KEY}${KEY}`],
      ['the key in another case', KEY.toUpperCase()],
    ])('refuses %s', async (_label, presented) => {
      expect(await attempt(guard(), { authorization: `Bearer ${presented}` })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard(), { 'x-api-key': presented })).toBeInstanceOf(UnauthorizedException);
    });

    it('refuses a request with no key header at all', async () => {
      expect(await attempt(guard(), {})).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard(), { 'content-type': 'application/json' })).toBeInstanceOf(UnauthorizedException);
    });

    it.each([
      ['an empty Authorization header', { authorization: '' }],
      ['a bare "Bearer"', { authorization: 'Bearer' }],
      ['"Bearer " and spaces', { authorization: 'Bearer    ' }],
      ['an empty X-API-Key', { 'x-api-key': '' }],
      ['a blank X-API-Key', { 'x-api-key': '   ' }],
    ])('refuses %s', async (_label, headers) => {
      expect(await attempt(guard(), headers)).toBeInstanceOf(UnauthorizedException);
    });

    it('refuses a staff JWT presented as the bearer token', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'b1c2', email: 'staff@example.com', role: 'admin' })).toString(
        'base64url',
      );
      const jwt = `${header}.${payload}.c2lnbmF0dXJlLW9mLWEtc3RhZmYtdG9rZW4`;
      expect(await attempt(guard(), { authorization: `Bearer ${jwt}` })).toBeInstanceOf(UnauthorizedException);
    });

    it('refuses the key under another scheme than Bearer (Basic <key>)', async () => {
      expect(await attempt(guard(), { authorization: `Basic ${KEY}` })).toBeInstanceOf(UnauthorizedException);
    });

    it('accepts a good X-API-Key even when the Authorization header carries something else', async () => {
      expect(await attempt(guard(), { authorization: 'Bearer not-the-key', 'x-api-key': KEY })).toBe(true);
      expect(await attempt(guard(), { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': KEY })).toBe(true);
    });

    it('accepts a good Bearer key even when X-API-Key carries something else', async () => {
      expect(await attempt(guard(), { authorization: `Bearer ${KEY}`, 'x-api-key': 'not-the-key' })).toBe(true);
    });

    it('refuses when both headers carry wrong keys', async () => {
      expect(await attempt(guard(), { authorization: 'Bearer nope', 'x-api-key': 'nope-again' })).toBeInstanceOf(
        UnauthorizedException,
      );
    });
  });

  describe('with no usable key configured', () => {
    it.each([
      ['unset', undefined],
      ['empty', ''],
      ['only commas', ',,,'],
      ['only commas and spaces', ' , ,  ,'],
      ['only spaces', '    '],
    ])('refuses every call when the key is %s', async (_label, configured) => {
      const guard = guardWith(configured);
      expect(await attempt(guard, {})).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard, { authorization: 'Bearer ' })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard, { authorization: 'Bearer undefined' })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard, { authorization: 'Bearer ,' })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard, { 'x-api-key': ',' })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard, { 'x-api-key': KEY })).toBeInstanceOf(UnauthorizedException);
    });
  });

  describe('with two keys configured (rotation)', () => {
    const guard = () => guardWith(` ${KEY} ,  ${OTHER_KEY} `);

    it.each([KEY, OTHER_KEY])('accepts %s in either header', async (key) => {
      expect(await attempt(guard(), { authorization: `Bearer ${key}` })).toBe(true);
      expect(await attempt(guard(), { 'x-api-key': key })).toBe(true);
    });

    it('refuses the two keys joined as configured', async () => {
      expect(await attempt(guard(), { 'x-api-key': `${KEY},${OTHER_KEY}` })).toBeInstanceOf(UnauthorizedException);
      expect(await attempt(guard(), { authorization: `Bearer ${KEY}, ${OTHER_KEY}` })).toBeInstanceOf(
        UnauthorizedException,
      );
    });

    it('refuses a third key', async () => {
      expect(await attempt(guard(), { 'x-api-key': 'third-key-never-configured' })).toBeInstanceOf(
        UnauthorizedException,
      );
    });

    it('ignores an empty entry between the keys', async () => {
      const withGap = guardWith(`${KEY},,${OTHER_KEY},`);
      expect(await attempt(withGap, { 'x-api-key': OTHER_KEY })).toBe(true);
      expect(await attempt(withGap, { 'x-api-key': '' })).toBeInstanceOf(UnauthorizedException);
    });
  });
  describe('what it leaves on the request', () => {
    it('marks a call with the platform key as the platform, without looking up tenant keys', async () => {
      const request: Request = { headers: { authorization: `Bearer ${KEY}` }, body: { tenant_id: 'any-tenant' } };
      expect(await attemptWith(guardWith(KEY), request)).toBe(true);
      expect(request.webhookCall?.caller).toEqual({ kind: 'platform' });
      expect(request.webhookCall?.tenantId).toBe('any-tenant');
      expect(tenantKeys.lookups).toEqual([]);
    });

    it('opens the call once: its tenant, language hints, start and request id', async () => {
      const request: Request = {
        headers: { 'x-api-key': TENANT_KEY, 'accept-language': 'es-MX' },
        body: { function: 'f', args: { language: 'en' } },
        id: 'req-1',
        webhookStartedAt: 1234.5,
      };
      expect(await attemptWith(guardWith(KEY), request)).toBe(true);
      expect(request.webhookCall).toMatchObject({
        caller: { kind: 'tenant', tenantId: 'tenant-a', keyId: 'key-a' },
        tenantId: 'tenant-a',
        languageHints: { argsLanguage: 'en', acceptLanguage: 'es-MX' },
        startedAt: 1234.5,
        requestId: 'req-1',
      });
    });

    it("acts, under the platform key, in the tenant the body names, cut to a platform tenant id's length", async () => {
      const request: Request = { headers: { 'x-api-key': KEY }, body: { tenant_id: 't'.repeat(200) } };
      expect(await attemptWith(guardWith(KEY), request)).toBe(true);
      expect(request.webhookCall?.tenantId).toBe('t'.repeat(128));
    });

    it('acts in no tenant under the platform key when the body names none', async () => {
      const request: Request = { headers: { 'x-api-key': KEY }, body: { function: 'f', args: {}, tenant_id: 7 } };
      expect(await attemptWith(guardWith(KEY), request)).toBe(true);
      expect(request.webhookCall?.tenantId).toBeNull();
    });

    it('leaves nothing on a refused request', async () => {
      const request: Request = { headers: { 'x-api-key': 'nope' } };
      expect(await attemptWith(guardWith(KEY), request)).toBeInstanceOf(UnauthorizedException);
      expect(request.webhookCall).toBeUndefined();
    });
  });

  describe("a tenant's key", () => {
    const guard = () => guardWith(KEY);

    it.each([
      ['as a Bearer token', { authorization: `Bearer ${TENANT_KEY}` }],
      ['in X-API-Key', { 'x-api-key': TENANT_KEY }],
      ['in X-API-Key beside a wrong Bearer token', { authorization: 'Bearer nope', 'x-api-key': TENANT_KEY }],
    ])('is accepted %s and binds the call to its tenant', async (_label, headers) => {
      const request: Request = { headers, body: { function: 'create_lead', args: {} } };
      expect(await attemptWith(guard(), request)).toBe(true);
      expect(request.webhookCall?.caller).toEqual({ kind: 'tenant', tenantId: 'tenant-a', keyId: 'key-a' });
    });

    it('is looked up only when no platform key matches, with every key presented', async () => {
      expect(await attempt(guard(), { authorization: 'Bearer nope', 'x-api-key': TENANT_KEY })).toBe(true);
      expect(tenantKeys.lookups).toEqual([['nope', TENANT_KEY]]);
    });

    it('is accepted when the body names its own tenant', async () => {
      const request: Request = {
        headers: { 'x-api-key': TENANT_KEY },
        body: { function: 'f', args: {}, tenant_id: 'tenant-a' },
      };
      expect(await attemptWith(guard(), request)).toBe(true);
      expect(request.webhookCall?.caller).toMatchObject({ kind: 'tenant', tenantId: 'tenant-a' });
    });

    it.each([
      ['another tenant', 'tenant-b'],
      ['its tenant in another case', 'TENANT-A'],
      ['an empty tenant', ''],
    ])('is refused with 403 when the body names %s', async (_label, named) => {
      const request: Request = {
        headers: { 'x-api-key': TENANT_KEY },
        body: { function: 'f', args: {}, tenant_id: named },
      };
      const refusal = await attemptWith(guard(), request);
      expect(refusal).toBeInstanceOf(ForbiddenException);
      expect((refusal as ForbiddenException).message).toContain('tenant-a');
      expect(request.webhookCall).toBeUndefined();
    });

    it.each([
      ['no body', undefined],
      ['a body without tenant_id', { function: 'f', args: {} }],
      ['a null tenant_id', { function: 'f', args: {}, tenant_id: null }],
      ['a tenant_id that is no string (the envelope check refuses it)', { function: 'f', args: {}, tenant_id: 7 }],
      ['a JSON array', [{ tenant_id: 'tenant-b' }]],
    ])("leaves %s to the key's tenant", async (_label, body) => {
      const request: Request = { headers: { 'x-api-key': TENANT_KEY }, body };
      expect(await attemptWith(guard(), request)).toBe(true);
      expect(request.webhookCall?.caller).toMatchObject({ kind: 'tenant', tenantId: 'tenant-a' });
    });

    it('works with no platform key configured', async () => {
      expect(await attempt(guardWith(undefined), { authorization: `Bearer ${TENANT_KEY}` })).toBe(true);
      expect(await attempt(guardWith(undefined), { authorization: 'Bearer vck_unknown' })).toBeInstanceOf(
        UnauthorizedException,
      );
    });

    it('stops working at the very next call once revoked: every call asks again', async () => {
      const shared = guard();
      expect(await attempt(shared, { 'x-api-key': TENANT_KEY })).toBe(true);
      tenantKeys.revoke(TENANT_KEY);
      expect(await attempt(shared, { 'x-api-key': TENANT_KEY })).toBeInstanceOf(UnauthorizedException);
      expect(tenantKeys.lookups).toHaveLength(2);
    });

    it('does not open the platform: an unknown key of the same shape is refused with 401', async () => {
      const refusal = await attempt(guard(), { authorization: `Bearer vck_${'C'.repeat(43)}` });
      expect(refusal).toBeInstanceOf(UnauthorizedException);
    });

    it('with the platform key beside it, the platform key wins and the body may name any tenant', async () => {
      const request: Request = {
        headers: { authorization: `Bearer ${TENANT_KEY}`, 'x-api-key': KEY },
        body: { tenant_id: 'tenant-b' },
      };
      expect(await attemptWith(guard(), request)).toBe(true);
      expect(request.webhookCall?.caller).toEqual({ kind: 'platform' });
    });
  });
});
