import type { ConfigService } from '@nestjs/config';

import type { EnvironmentVariables } from '../config/environment';
import { configuredSecrets, HttpLoggingMiddleware } from './http-logging.middleware';

function middleware(settings: Partial<EnvironmentVariables>): HttpLoggingMiddleware {
  const values: Partial<EnvironmentVariables> = { LOG_LEVEL: 'info', ...settings };
  const config = { get: (key: keyof EnvironmentVariables) => values[key] };
  return new HttpLoggingMiddleware(config as unknown as ConfigService<EnvironmentVariables, true>);
}

describe('HttpLoggingMiddleware: the log format', () => {
  const lines: string[] = [];
  let write: jest.SpyInstance;
  beforeEach(() => {
    lines.length = 0;
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => write.mockRestore());

  it('is human-readable in development, still redacted and masked', () => {
    middleware({ NODE_ENV: 'development' }).logger.info({ password: 'hunter2' }, 'call from +1 786 555 0198');
    const output = lines.join('');
    expect(() => JSON.parse(output) as unknown).toThrow();
    expect(output).toContain('INFO');
    expect(output).toContain('call from +* *** *** 0198');
    expect(output).not.toContain('hunter2');
  });

  it('is JSON in production, and wherever LOG_FORMAT=json says so', () => {
    middleware({ NODE_ENV: 'production' }).logger.info('one');
    middleware({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).logger.info('two');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['one', 'two']);
  });

  it('is pretty in production when LOG_FORMAT=pretty asks', () => {
    middleware({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logger.info('three');
    expect(lines.join('')).toMatch(/INFO.*three/);
  });
});

describe('configuredSecrets', () => {
  it('holds the passwords inside DATABASE_URL and REDIS_URL, decoded', () => {
    const values: Partial<EnvironmentVariables> = {
      DATABASE_URL: 'postgres://crm:pg-pass%2Fword-123@db:5432/crm',
      REDIS_URL: 'rediss://default:redis-pass-4567@cache:6380',
    };
    const config = { get: (key: keyof EnvironmentVariables) => values[key] };
    const secrets = configuredSecrets(config as unknown as ConfigService<EnvironmentVariables, true>);
    expect(secrets).toEqual(expect.arrayContaining(['pg-pass/word-123', 'redis-pass-4567']));
  });

  it('holds nothing for URLs without a password', () => {
    const values: Partial<EnvironmentVariables> = { DATABASE_URL: 'postgres://crm@db/crm', REDIS_URL: 'redis://cache' };
    const config = { get: (key: keyof EnvironmentVariables) => values[key] };
    expect(configuredSecrets(config as unknown as ConfigService<EnvironmentVariables, true>)).toEqual([]);
  });
});
