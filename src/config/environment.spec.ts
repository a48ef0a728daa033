import { validateEnvironment } from './environment';

const SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';
const VONAGE = { VONAGE_API_KEY: 'key123', VONAGE_API_SECRET: 'secret456', VONAGE_FROM: 'VoiceCRM' };

/** The message validateEnvironment throws, or a failure when it does not throw. */
function problemsWith(raw: Record<string, unknown>): string {
  try {
    validateEnvironment(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error(`validateEnvironment accepted ${JSON.stringify(raw)}`);
}

describe('validateEnvironment', () => {
  describe('defaults', () => {
    it('gives every documented default for an empty environment', () => {
      const env = validateEnvironment({});

      expect(env.PORT).toBe(3000);
      expect(env.SQLITE_PATH).toBe('./data/crm.sqlite');
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.VOIP_TOOLS_WEBHOOK_KEY).toBeUndefined();
      expect(env.JWT_SECRET).toBeUndefined();
      expect(env.SMS_PROVIDER).toBe('log');
      expect(env.DEFAULT_COUNTRY).toBe('US');
      expect(env.DEFAULT_TIMEZONE).toBe('UTC');
      expect(env.NODE_ENV).toBe('development');
      expect(env.SMS_TIMEOUT_MS).toBeGreaterThanOrEqual(100);
      expect(env.SMS_TIMEOUT_MS).toBeLessThanOrEqual(8000);
    });

    it('chooses the log SMS provider without VONAGE_API_KEY', () => {
      expect(validateEnvironment({ VONAGE_API_SECRET: 's', VONAGE_FROM: 'X' }).SMS_PROVIDER).toBe('log');
      expect(validateEnvironment({ VONAGE_API_KEY: '' }).SMS_PROVIDER).toBe('log');
    });

    it('chooses Vonage when VONAGE_API_KEY is set', () => {
      expect(validateEnvironment(VONAGE).SMS_PROVIDER).toBe('vonage');
    });

    it('keeps an explicit SMS_PROVIDER=log even with Vonage credentials', () => {
      expect(validateEnvironment({ ...VONAGE, SMS_PROVIDER: 'log' }).SMS_PROVIDER).toBe('log');
    });

    it('reads numbers from their text', () => {
      const env = validateEnvironment({ PORT: '8080', SMS_TIMEOUT_MS: '2500' });
      expect(env.PORT).toBe(8080);
      expect(env.SMS_TIMEOUT_MS).toBe(2500);
    });

    it('keeps the values it was given', () => {
      const env = validateEnvironment({
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        DATABASE_URL: 'postgres://crm:pw@db:5432/crm',
        SQLITE_PATH: '/tmp/other.sqlite',
        VOIP_TOOLS_WEBHOOK_KEY: 'k1,k2',
        DEFAULT_TIMEZONE: 'America/New_York',
        DEFAULT_COUNTRY: 'mx',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'a-strong-password-1',
      });
      expect(env).toMatchObject({
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        DATABASE_URL: 'postgres://crm:pw@db:5432/crm',
        SQLITE_PATH: '/tmp/other.sqlite',
        VOIP_TOOLS_WEBHOOK_KEY: 'k1,k2',
        DEFAULT_TIMEZONE: 'America/New_York',
        DEFAULT_COUNTRY: 'MX',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'a-strong-password-1',
      });
    });

    it.each(['postgres://u@h/db', 'postgresql://u:p@h:5432/db'])('accepts DATABASE_URL %p', (url) => {
      expect(validateEnvironment({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    });

    it('treats an empty DATABASE_URL as unset (embedded database)', () => {
      expect(validateEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    });

    it.each(['redis://127.0.0.1:6379', 'rediss://:pw@cache.example.com:6380/2'])('accepts REDIS_URL %p', (url) => {
      expect(validateEnvironment({ REDIS_URL: url }).REDIS_URL).toBe(url);
    });

    it('leaves Redis off by default (counters and settings stay in each instance)', () => {
      const env = validateEnvironment({ REDIS_URL: '' });
      expect(env.REDIS_URL).toBeUndefined();
      expect(env.REDIS_KEY_PREFIX).toBe('voicecrm:');
    });
  });

  describe('refusals name the variable', () => {
    it.each(['abc', '70000', '0', '-1', '80.5', '65536'])('PORT=%p', (port) => {
      expect(problemsWith({ PORT: port })).toMatch(/\bPORT\b/);
    });

    it('NODE_ENV=production without JWT_SECRET', () => {
      expect(problemsWith({ NODE_ENV: 'production' })).toMatch(/\bJWT_SECRET\b/);
      expect(problemsWith({ NODE_ENV: 'production', JWT_SECRET: '   ' })).toMatch(/\bJWT_SECRET\b/);
    });

    it('a short JWT_SECRET, in production or not', () => {
      expect(problemsWith({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toMatch(/\bJWT_SECRET\b/);
      expect(problemsWith({ JWT_SECRET: 'x'.repeat(31) })).toMatch(/\bJWT_SECRET\b/);
      expect(validateEnvironment({ JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
    });

    it('an unknown NODE_ENV', () => {
      expect(problemsWith({ NODE_ENV: 'staging' })).toMatch(/\bNODE_ENV\b/);
    });

    it('SMS_PROVIDER=vonage without VONAGE_FROM', () => {
      const message = problemsWith({ SMS_PROVIDER: 'vonage', VONAGE_API_KEY: 'k', VONAGE_API_SECRET: 's' });
      expect(message).toMatch(/\bVONAGE_FROM\b/);
      expect(message).not.toMatch(/\bVONAGE_API_KEY\b/);
    });

    it('SMS_PROVIDER=vonage without any credentials names each', () => {
      const message = problemsWith({ SMS_PROVIDER: 'vonage' });
      for (const name of ['VONAGE_API_KEY', 'VONAGE_API_SECRET', 'VONAGE_FROM']) expect(message).toContain(name);
    });

    it('VONAGE_API_KEY alone (so Vonage by default) without the secret and sender', () => {
      const message = problemsWith({ VONAGE_API_KEY: 'k' });
      expect(message).toContain('VONAGE_API_SECRET');
      expect(message).toContain('VONAGE_FROM');
    });

    it('an unknown SMS_PROVIDER', () => {
      expect(problemsWith({ SMS_PROVIDER: 'twilio' })).toMatch(/\bSMS_PROVIDER\b/);
    });

    it.each(['mysql://root@localhost/crm', 'sqlite:///data/crm.sqlite', 'localhost:5432', 'postgres://'])(
      'DATABASE_URL=%p',
      (url) => {
        expect(problemsWith({ DATABASE_URL: url })).toMatch(/\bDATABASE_URL\b/);
      },
    );

    it.each(['http://127.0.0.1:6379', '127.0.0.1:6379', 'redis://'])('REDIS_URL=%p', (url) => {
      expect(problemsWith({ REDIS_URL: url })).toMatch(/\bREDIS_URL\b/);
    });

    it.each(['has space', 'a/b', 'x'.repeat(65)])('REDIS_KEY_PREFIX=%p', (prefix) => {
      expect(problemsWith({ REDIS_KEY_PREFIX: prefix })).toMatch(/\bREDIS_KEY_PREFIX\b/);
    });

    it.each(['Mars/Olympus_Mons', 'EST5EDT-ish', 'New York'])('DEFAULT_TIMEZONE=%p', (zone) => {
      expect(problemsWith({ DEFAULT_TIMEZONE: zone })).toMatch(/\bDEFAULT_TIMEZONE\b/);
    });

    it.each(['XX', 'USA', 'United States', '1'])('DEFAULT_COUNTRY=%p', (country) => {
      expect(problemsWith({ DEFAULT_COUNTRY: country })).toMatch(/\bDEFAULT_COUNTRY\b/);
    });

    it('ADMIN_EMAIL without ADMIN_PASSWORD', () => {
      expect(problemsWith({ ADMIN_EMAIL: 'admin@example.com' })).toMatch(/\bADMIN_PASSWORD\b/);
    });

    it('ADMIN_PASSWORD without ADMIN_EMAIL', () => {
      expect(problemsWith({ ADMIN_PASSWORD: 'a-strong-password-1' })).toMatch(/\bADMIN_EMAIL\b/);
    });

    it('a short ADMIN_PASSWORD', () => {
      expect(problemsWith({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'short' })).toMatch(/\bADMIN_PASSWORD\b/);
    });

    it('a common ADMIN_PASSWORD, as it is or with digits and symbols added', () => {
      for (const password of ['Password1234', 'password1234', 'Sunshine2024!', '123456789012'])
        expect([password, problemsWith({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: password })]).toEqual([
          password,
          expect.stringMatching(/ADMIN_PASSWORD is too common/),
        ]);
    });

    it('an ADMIN_EMAIL that is no email', () => {
      expect(problemsWith({ ADMIN_EMAIL: 'admin', ADMIN_PASSWORD: 'a-strong-password-1' })).toMatch(/\bADMIN_EMAIL\b/);
    });

    it.each(['50', '9000', 'soon'])('SMS_TIMEOUT_MS=%p', (timeout) => {
      expect(problemsWith({ SMS_TIMEOUT_MS: timeout })).toMatch(/\bSMS_TIMEOUT_MS\b/);
    });

    it('a VONAGE_REST_HOST that is not an http(s) URL', () => {
      expect(problemsWith({ VONAGE_REST_HOST: 'ftp://example.com' })).toMatch(/\bVONAGE_REST_HOST\b/);
      expect(validateEnvironment({ VONAGE_REST_HOST: 'http://127.0.0.1:4010' }).VONAGE_REST_HOST).toBe(
        'http://127.0.0.1:4010',
      );
    });

    it('a METRICS_TOKEN shorter than 24 characters; a long one is kept, an empty one is unset', () => {
      expect(problemsWith({ METRICS_TOKEN: 'short-token' })).toMatch(/METRICS_TOKEN must be at least 24 characters/);
      expect(validateEnvironment({ METRICS_TOKEN: 'a'.repeat(24) }).METRICS_TOKEN).toBe('a'.repeat(24));
      expect(validateEnvironment({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
    });

    it('an OTEL_EXPORTER_OTLP_ENDPOINT that is not an http(s) URL; OTEL_SERVICE_NAME defaults to voice-crm', () => {
      expect(problemsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatch(
        /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
      );
      expect(validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        OTEL_SERVICE_NAME: 'voice-crm',
      });
      expect(validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
      expect(problemsWith({ OTEL_SERVICE_NAME: 'voice crm' })).toMatch(/\bOTEL_SERVICE_NAME\b/);
    });

    it('a JWT_EXPIRES_IN that is not a duration', () => {
      expect(problemsWith({ JWT_EXPIRES_IN: 'forever' })).toMatch(/\bJWT_EXPIRES_IN\b/);
    });
  });

  describe('reliability and abuse settings', () => {
    it('have the documented defaults', () => {
      expect(validateEnvironment({})).toMatchObject({
        WEBHOOK_DEADLINE_MS: 8000,
        TOOL_CALL_REPLAY_WINDOW_SECONDS: 600,
        SMS_MAX_ATTEMPTS: 6,
        SMS_RETRY_BASE_MS: 5000,
        SMS_LEASE_MS: 30000,
        SMS_OUTBOX_POLL_MS: 1000,
        SMS_OUTBOX_MAX_AGE_SECONDS: 900,
        SMS_MAX_PER_CALL: 3,
        SMS_MAX_PER_TENANT_HOUR: 200,
        SMS_MAX_PER_PLATFORM_HOUR: 2000,
        VONAGE_SIGNATURE_METHOD: 'md5hash',
        WEBHOOK_RATE_LIMIT_PER_MINUTE: 1200,
        LOGIN_RATE_LIMIT_PER_15_MINUTES: 10,
        DATABASE_CONNECT_TIMEOUT_MS: 1500,
        DATABASE_STATEMENT_TIMEOUT_MS: 5000,
        LOG_LEVEL: 'info',
      });
    });

    it('read numbers from their text', () => {
      expect(validateEnvironment({ WEBHOOK_DEADLINE_MS: '5000', SMS_MAX_PER_CALL: '1' })).toMatchObject({
        WEBHOOK_DEADLINE_MS: 5000,
        SMS_MAX_PER_CALL: 1,
      });
    });

    it.each([
      ['WEBHOOK_DEADLINE_MS', '9000', 'WEBHOOK_DEADLINE_MS must be a whole number of milliseconds from 1000 to 8500'],
      ['WEBHOOK_DEADLINE_MS', 'soon', 'WEBHOOK_DEADLINE_MS must be a whole number of milliseconds from 1000 to 8500'],
      [
        'TOOL_CALL_ABANDONED_AFTER_MS',
        '500',
        'TOOL_CALL_ABANDONED_AFTER_MS must be a whole number of milliseconds from 1000 to 86400000',
      ],
      ['SMS_MAX_ATTEMPTS', '0', 'SMS_MAX_ATTEMPTS must be a whole number from 1 to 20'],
      ['SMS_LEASE_MS', '1.5', 'SMS_LEASE_MS must be a whole number of milliseconds from 1000 to 3600000'],
      ['VONAGE_SIGNATURE_METHOD', 'sha3', 'VONAGE_SIGNATURE_METHOD must be one of md5hash, md5, sha1, sha256, sha512'],
      ['VONAGE_WEBHOOK_TOKEN', 'short', 'VONAGE_WEBHOOK_TOKEN must be 24 to 128 letters, digits, _ or -'],
      ['VONAGE_SIGNATURE_SECRET', 'tiny', 'VONAGE_SIGNATURE_SECRET must be at least 16 characters long'],
      ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ])('refuse %s=%s, naming it', (name, value, message) => {
      expect(problemsWith({ [name]: value })).toContain(message);
    });
  });

  it('names every bad variable in one error', () => {
    const message = problemsWith({
      PORT: 'abc',
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://root@localhost/crm',
      DEFAULT_TIMEZONE: 'Mars/Olympus_Mons',
      DEFAULT_COUNTRY: 'XX',
      ADMIN_EMAIL: 'admin@example.com',
      SMS_PROVIDER: 'vonage',
      VONAGE_API_KEY: 'k',
      VONAGE_API_SECRET: 's',
    });

    for (const name of [
      'PORT',
      'JWT_SECRET',
      'DATABASE_URL',
      'DEFAULT_TIMEZONE',
      'DEFAULT_COUNTRY',
      'ADMIN_PASSWORD',
      'VONAGE_FROM',
    ]) {
      expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('does not name a good variable among bad ones', () => {
    const message = problemsWith({
      PORT: 'abc',
      DATABASE_URL: 'postgres://u@h/db',
      DEFAULT_TIMEZONE: 'America/New_York',
    });
    expect(message).toMatch(/\bPORT\b/);
    expect(message).not.toMatch(/\bDATABASE_URL\b/);
    expect(message).not.toMatch(/\bDEFAULT_TIMEZONE\b/);
  });

  it('never repeats a secret value in the error', () => {
    const message = problemsWith({
      JWT_SECRET: 'too-short-secret',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'pw-short',
    });
    expect(message).not.toContain('too-short-secret');
    expect(message).not.toContain('pw-short');
  });
});

describe('empty variables mean unset', () => {
  it('keeps the defaults for PORT= and SMS_TIMEOUT_MS= and SMS_PROVIDER=', () => {
    const env = validateEnvironment({ PORT: '', SMS_TIMEOUT_MS: ' ', SMS_PROVIDER: '', VOIP_TOOLS_WEBHOOK_KEY: '' });
    expect({
      port: env.PORT,
      timeout: env.SMS_TIMEOUT_MS,
      provider: env.SMS_PROVIDER,
      key: env.VOIP_TOOLS_WEBHOOK_KEY,
    }).toEqual({
      port: 3000,
      timeout: 3000,
      provider: 'log',
      key: undefined,
    });
  });
});
