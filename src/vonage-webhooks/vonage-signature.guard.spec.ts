import { ExecutionContext, Logger, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Vonage } from '@vonage/server-sdk';

import type { VonageParams } from './vonage-params';
import { vonageSignature, type VonageSignatureMethod } from './vonage-signature';
import { SIGNATURE_MAX_AGE_SECONDS, VonageSignatureGuard } from './vonage-signature.guard';

const SECRET = 'signature-secret-0123456789abcdef';
const TOKEN = 'path-token-0123456789abcdefABCDEF';
const METHODS: VonageSignatureMethod[] = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'];
// @vonage/auth's AlgorithmTypes, by our method names.
const SDK_ALGORITHMS: Record<VonageSignatureMethod, string> = {
  md5hash: 'MD5HASH',
  md5: 'MD5HMAC',
  sha1: 'SHA1HMAC',
  sha256: 'SHA256HMAC',
  sha512: 'SHA512HMAC',
};

type Request = { query?: unknown; body?: unknown; params?: Record<string, string>; vonageParams?: VonageParams };

function contextWith(request: Request): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function guardWith(env: Record<string, string>): VonageSignatureGuard {
  return new VonageSignatureGuard(new ConfigService({ VONAGE_SIGNATURE_METHOD: 'md5hash', ...env }));
}

/** true when accepted; the UnauthorizedException when refused (anything else fails the test). */
function attempt(guard: VonageSignatureGuard, request: Request): true | UnauthorizedException {
  try {
    const result = guard.canActivate(contextWith(request));
    if (result !== true) throw new Error(`canActivate answered ${String(result)} instead of true or throwing`);
    return true;
  } catch (error) {
    if (error instanceof UnauthorizedException) return error;
    throw error;
  }
}

const now = () => String(Math.floor(Date.now() / 1000));

function receipt(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    messageId: '0A0000000123ABCD1',
    msisdn: '17865550111',
    to: 'VoiceCRM',
    status: 'delivered',
    'err-code': '0',
    'client-ref': '6f1c1c8e-3c1b-4f57-9a53-0d6c1e0f2b11',
    'message-timestamp': '2025-01-31 14:05:09',
    scts: '2501311405',
    nonce: 'a1b2c3d4-e5f6',
    timestamp: now(),
    ...overrides,
  };
}

function signed(
  params: Record<string, string>,
  method: VonageSignatureMethod = 'md5hash',
  secret = SECRET,
): Record<string, string> {
  return { ...params, sig: vonageSignature(params, secret, method) };
}

describe('vonageSignature', () => {
  const sdk = new Vonage({ apiKey: 'test-api-key', apiSecret: 'test-api-secret' }).sms;

  it.each(METHODS)('agrees with the Vonage SDK (@vonage/sms verifySignature) for %s', (method) => {
    const params = receipt({ text: 'A&B=C, café ✓' });
    const sig = vonageSignature(params, SECRET, method);
    expect(sdk.verifySignature(sig, params, SECRET, SDK_ALGORITHMS[method] as never)).toBe(true);
    expect(sdk.verifySignature(sig, { ...params, status: 'failed' }, SECRET, SDK_ALGORITHMS[method] as never)).toBe(
      false,
    );
  });

  it('leaves sig itself out of what it signs', () => {
    const params = receipt();
    expect(vonageSignature({ ...params, sig: 'anything' }, SECRET, 'sha256')).toBe(
      vonageSignature(params, SECRET, 'sha256'),
    );
  });

  it('signs & and = inside values as _, as Vonage does', () => {
    expect(vonageSignature({ text: 'a&b=c' }, SECRET, 'sha1')).toBe(vonageSignature({ text: 'a_b_c' }, SECRET, 'sha1'));
  });
});

describe('VonageSignatureGuard', () => {
  describe('with VONAGE_SIGNATURE_SECRET', () => {
    it.each(METHODS)('accepts a request signed with %s, and leaves its parameters on the request', (method) => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_SIGNATURE_METHOD: method });
      const body = signed(receipt(), method);
      const request: Request = { query: {}, body };
      expect(attempt(guard, request)).toBe(true);
      expect(request.vonageParams).toEqual(body);
    });

    it('accepts the signature in upper case, and parameters split between query and body', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_SIGNATURE_METHOD: 'sha256' });
      const { sig, messageId, ...rest } = signed(receipt(), 'sha256');
      expect(attempt(guard, { query: { messageId }, body: { ...rest, sig: sig.toUpperCase() } })).toBe(true);
    });

    it('refuses a request signed with another method or another secret', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_SIGNATURE_METHOD: 'sha256' });
      expect(attempt(guard, { body: signed(receipt(), 'sha512') })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: signed(receipt(), 'sha256', `${SECRET}x`) })).toBeInstanceOf(UnauthorizedException);
    });

    it('refuses tampered parameters: changed, added, removed', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET });
      const body = signed(receipt());
      expect(attempt(guard, { body: { ...body, status: 'failed' } })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: { ...body, 'client-ref': 'someone-else' } })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: { ...body, extra: '1' } })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body, query: { extra: '1' } })).toBeInstanceOf(UnauthorizedException);
      const { scts: _scts, ...withoutScts } = body;
      expect(attempt(guard, { body: withoutScts })).toBeInstanceOf(UnauthorizedException);
      expect(
        attempt(guard, { body: { ...body, sig: body.sig.replace(/^./, (c) => (c === '0' ? '1' : '0')) } }),
      ).toBeInstanceOf(UnauthorizedException);
    });

    it('refuses a request without sig or without timestamp, even with the path token', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_WEBHOOK_TOKEN: TOKEN });
      const { sig: _sig, ...unsigned } = signed(receipt());
      expect(attempt(guard, { body: unsigned, params: { token: TOKEN } })).toBeInstanceOf(UnauthorizedException);
      const { timestamp: _timestamp, ...untimed } = receipt();
      expect(attempt(guard, { body: signed(untimed) })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: signed(receipt({ timestamp: 'yesterday' })) })).toBeInstanceOf(
        UnauthorizedException,
      );
    });

    it(`refuses a timestamp more than ${SIGNATURE_MAX_AGE_SECONDS} s from now, either way`, () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET });
      const at = (offset: number) => signed(receipt({ timestamp: String(Math.floor(Date.now() / 1000) + offset) }));
      expect(attempt(guard, { body: at(-SIGNATURE_MAX_AGE_SECONDS - 5) })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: at(SIGNATURE_MAX_AGE_SECONDS + 5) })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard, { body: at(-SIGNATURE_MAX_AGE_SECONDS + 5) })).toBe(true);
      expect(attempt(guard, { body: at(SIGNATURE_MAX_AGE_SECONDS - 5) })).toBe(true);
    });

    it('needs no path token, and ignores a wrong one', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_WEBHOOK_TOKEN: TOKEN });
      expect(attempt(guard, { body: signed(receipt()) })).toBe(true);
      expect(attempt(guard, { body: signed(receipt()), params: { token: 'not-the-token' } })).toBe(true);
    });

    it('refuses parameters that are not flat strings, and never lets a key reach a prototype', () => {
      const guard = guardWith({ VONAGE_SIGNATURE_SECRET: SECRET });
      expect(attempt(guard, { body: { ...signed(receipt()), status: ['delivered', 'failed'] } })).toBeInstanceOf(
        UnauthorizedException,
      );
      expect(attempt(guard, { body: { ...signed(receipt()), nested: { a: '1' } } })).toBeInstanceOf(
        UnauthorizedException,
      );
      expect(attempt(guard, { body: 'messageId=1' })).toBeInstanceOf(UnauthorizedException);
      // As JSON.parse makes them: "__proto__" an own key, not the prototype.
      const withProtoKey = JSON.parse(`{"__proto__":"x",${JSON.stringify(receipt()).slice(1)}`) as Record<
        string,
        string
      >;
      const request: Request = { body: { ...withProtoKey, sig: vonageSignature(withProtoKey, SECRET, 'md5hash') } };
      expect(attempt(guard, request)).toBe(true);
      expect(Object.getOwnPropertyDescriptor(request.vonageParams, '__proto__')?.value).toBe('x');
      const polluting = JSON.parse(
        `{"__proto__":{"polluted":"yes"},${JSON.stringify(signed(receipt())).slice(1)}`,
      ) as Record<string, unknown>;
      expect(attempt(guard, { body: polluting })).toBeInstanceOf(UnauthorizedException);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('with VONAGE_WEBHOOK_TOKEN only', () => {
    const guard = () => guardWith({ VONAGE_WEBHOOK_TOKEN: TOKEN });

    it('accepts the token as the last path segment', () => {
      const request: Request = { body: receipt(), params: { token: TOKEN } };
      expect(attempt(guard(), request)).toBe(true);
      expect(request.vonageParams).toEqual(receipt({ timestamp: request.vonageParams!.timestamp }));
    });

    it('refuses a wrong, shorter, longer or missing token', () => {
      for (const token of [
        'wrong-token-0123456789abcdefABCDEF',
        TOKEN.slice(0, -1),
        `${TOKEN}x`,
        TOKEN.toLowerCase(),
        '',
      ]) {
        expect([token, attempt(guard(), { body: receipt(), params: { token } })]).toEqual([
          token,
          expect.any(UnauthorizedException),
        ]);
      }
      expect(attempt(guard(), { body: receipt() })).toBeInstanceOf(UnauthorizedException);
      expect(attempt(guard(), { body: receipt(), params: {} })).toBeInstanceOf(UnauthorizedException);
    });

    it('does not take a signature instead of the token', () => {
      expect(attempt(guard(), { body: signed(receipt()) })).toBeInstanceOf(UnauthorizedException);
    });
  });

  describe('with neither configured', () => {
    it('warns once at start, and refuses everything', () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        const guard = guardWith({});
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toContain('VONAGE_SIGNATURE_SECRET');
        expect(attempt(guard, { body: receipt() })).toBeInstanceOf(UnauthorizedException);
        expect(attempt(guard, { body: signed(receipt()) })).toBeInstanceOf(UnauthorizedException);
        expect(attempt(guard, { body: receipt(), params: { token: TOKEN } })).toBeInstanceOf(UnauthorizedException);
        expect(attempt(guard, { body: receipt(), params: { token: '' } })).toBeInstanceOf(UnauthorizedException);
      } finally {
        warn.mockRestore();
      }
    });

    it('does not warn when either is set', () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        guardWith({ VONAGE_SIGNATURE_SECRET: SECRET });
        guardWith({ VONAGE_WEBHOOK_TOKEN: TOKEN });
        expect(warn).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
      }
    });
  });
});
