import { headersForLog, maskLogLine, REDACTED, redactSensitiveFields, urlForLog } from './log-redaction';

describe('redactSensitiveFields', () => {
  it('redacts credentials and what callers said or were sent, at any depth and in arrays', () => {
    const logged = {
      tool: 'send_sms',
      args: { to_phone: '+17865550198', message: 'Our address is 1 Main St', text: 'hello' },
      body: { anything: 1 },
      user: { email: 'a@example.com', password: 'hunter2hunter2', passwordHash: 'scrypt$...' },
      grants: [{ access_token: 'eyJ...', refreshToken: 'r' }],
      webhook: { key: 'csk_live_x', apiKey: 'k', secret: 's', keyId: 'kept' },
    };
    expect(redactSensitiveFields(logged)).toEqual({
      tool: 'send_sms',
      args: { to_phone: '+17865550198', message: REDACTED, text: REDACTED },
      body: REDACTED,
      user: { email: 'a@example.com', password: REDACTED, passwordHash: REDACTED },
      grants: [{ access_token: REDACTED, refreshToken: REDACTED }],
      webhook: { key: REDACTED, apiKey: REDACTED, secret: REDACTED, keyId: 'kept' },
    });
  });

  it("never changes the caller's object, and returns it as is when nothing is sensitive", () => {
    const args = { password: 'hunter2hunter2', nested: { token: 't' } };
    const redacted = redactSensitiveFields({ args });
    expect(args).toEqual({ password: 'hunter2hunter2', nested: { token: 't' } });
    expect(redacted.args).not.toBe(args);
    const plain = { tool: 'create_lead', durationMs: 12, nested: { status: 'created' } };
    expect(redactSensitiveFields(plain)).toBe(plain);
  });

  it('leaves errors and other class instances to their serializers', () => {
    const error = new Error('boom');
    const logged = { err: error, when: new Date(0) };
    expect(redactSensitiveFields(logged)).toBe(logged);
    expect(redactSensitiveFields(logged).err.message).toBe('boom');
  });

  it('stops at a safe depth on deeply nested or cyclic objects', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(() => redactSensitiveFields(cyclic)).not.toThrow();
  });
});

describe('headersForLog', () => {
  it('redacts every header that could carry a credential, whatever its name', () => {
    expect(
      headersForLog({
        authorization: 'Bearer x',
        'x-api-key': 'k',
        cookie: 'c',
        'x-vapi-secret': 's',
        'x-auth-token': 't',
        'x-vonage-signature': 'v',
        'user-agent': 'Vapi/1.0',
        'content-length': '12',
      }),
    ).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'x-vapi-secret': REDACTED,
      'x-auth-token': REDACTED,
      'x-vonage-signature': REDACTED,
      'user-agent': 'Vapi/1.0',
      'content-length': '12',
    });
  });
});

describe('urlForLog', () => {
  it('decodes a URL so that an encoded number can be masked, and keeps one that does not decode', () => {
    expect(urlForLog('/api/leads?to=%2B1%20786%20555%200198')).toBe('/api/leads?to=+1 786 555 0198');
    expect(urlForLog('/api/leads?to=%E0%A4%A')).toBe('/api/leads?to=%E0%A4%A');
  });

  it('redacts sensitive query parameters before decoding, so an encoded & cannot carry part of a value out', () => {
    expect(urlForLog('/api/leads?q=ana%40example.com&status=new&token=abc%26def%3Dghi&api%5Fkey=k1')).toBe(
      '/api/leads?q=[redacted]&status=new&token=[redacted]&api_key=[redacted]',
    );
    expect(urlForLog('/x?sig=0a1b&Password=p&client_secret=s&email=a%40b.c&access_token=t&page=2')).toBe(
      '/x?sig=[redacted]&Password=[redacted]&client_secret=[redacted]&email=[redacted]&access_token=[redacted]&page=2',
    );
  });
});

describe('maskLogLine', () => {
  const line = (fields: Record<string, unknown>) => `${JSON.stringify(fields)}\n`;

  it('masks phone numbers in every string of the line, nested ones and stacks included', () => {
    const masked = maskLogLine(
      line({
        msg: 'SMS to +17865550198 failed',
        err: { stack: 'Error: bad number 786-555-0198\n    at x' },
        req: { url: '/x?p=7865550198' },
      }),
    );
    expect(JSON.parse(masked)).toEqual({
      msg: 'SMS to +*******0198 failed',
      err: { stack: 'Error: bad number ***-***-0198\n    at x' },
      req: { url: '/x?p=******0198' },
    });
    expect(masked.endsWith('}\n')).toBe(true);
  });

  it('leaves numbers, the request id and lines without a long run of digits as they are', () => {
    const kept = line({ time: 1795488171571, requestId: 'trace-17865550198', status: 200, msg: 'request completed' });
    expect(maskLogLine(kept)).toBe(kept);
    const short = line({ msg: 'attempt 2 of 6' });
    expect(maskLogLine(short)).toBe(short);
  });

  it('redacts configured secrets, path tokens, staff tokens and webhook keys in every string, the request id too', () => {
    const secrets = ['platform-key-Abc"def', 'vonage-path-token_Mn2Op_Qr4St'];
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const masked = maskLogLine(
      line({
        msg: `Cannot POST /api/webhooks/vonage/inbound/guessed-token?x=1 with platform-key-Abc"def`,
        requestId: 'vonage-path-token_Mn2Op_Qr4St',
        req: { url: `/api/leads/${jwt}?note=vck_${'A'.repeat(43)}`, headers: { 'x-note': 'platform-key-Abc%22def' } },
      }),
      secrets,
    );
    expect(JSON.parse(masked)).toEqual({
      msg: 'Cannot POST /api/webhooks/vonage/inbound/[redacted]?x=1 with [redacted]',
      requestId: REDACTED,
      req: { url: '/api/leads/[redacted]?note=[redacted]', headers: { 'x-note': REDACTED } },
    });
  });

  it('keeps escaped characters valid JSON', () => {
    const masked = maskLogLine(line({ msg: 'quote " and \\ and \u0001 then 7865550198 and "ünïcode"' }));
    expect(JSON.parse(masked)).toEqual({ msg: 'quote " and \\ and \u0001 then ******0198 and "ünïcode"' });
  });
});
