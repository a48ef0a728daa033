import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

import type { ConfigService } from '@nestjs/config';

import type { EnvironmentVariables } from '../config/environment';
import { configuredSecrets, HttpLoggingMiddleware } from './http-logging.middleware';
import { requestIdFields } from './request-context';

function middleware(settings: Partial<EnvironmentVariables>): HttpLoggingMiddleware {
  const values: Partial<EnvironmentVariables> = { LOG_LEVEL: 'info', ...settings };
  const config = { get: (key: keyof EnvironmentVariables) => values[key] };
  return new HttpLoggingMiddleware(config as unknown as ConfigService<EnvironmentVariables, true>);
}

/** What the describe block's tests write to stdout (where pino writes), one chunk per line; emptied per test. */
function capturedStdout(): string[] {
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
  return lines;
}

describe('HttpLoggingMiddleware: the log format', () => {
  const lines = capturedStdout();

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

describe('HttpLoggingMiddleware: the request line', () => {
  const lines = capturedStdout();

  /** A request served by `use`: `during` runs inside it, then it ends with `status`. */
  function serve(logging: HttpLoggingMiddleware, status: number, during: () => void = () => undefined) {
    const request = new IncomingMessage(new Socket());
    request.method = 'GET';
    request.url = '/api/leads?token=abc';
    request.headers = { 'x-request-id': 'req-7', authorization: 'Bearer secret-value' };
    const response = new ServerResponse(request);
    let inside: unknown;
    logging.use(request, response, () => {
      inside = requestIdFields();
      during();
    });
    response.statusCode = status;
    response.emit('finish');
    return { response, inside };
  }

  it('at warn writes nothing for a request that ends well, and still gives it its id', () => {
    const { response, inside } = serve(middleware({ LOG_LEVEL: 'warn' }), 200);
    expect(lines).toEqual([]);
    expect(response.getHeader('X-Request-Id')).toBe('req-7');
    expect(inside).toEqual({ requestId: 'req-7' });
  });

  it('at warn writes one line for a refused request: its id, the request redacted, the status', () => {
    serve(middleware({ LOG_LEVEL: 'warn' }), 404);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'warn',
        requestId: 'req-7',
        req: expect.objectContaining({
          method: 'GET',
          url: '/api/leads?token=[redacted]',
          headers: expect.objectContaining({ authorization: '[redacted]' }),
        }),
        res: expect.objectContaining({ statusCode: 404 }),
      }),
    ]);
  });

  it('gives lines logged while a request is served its id, and lines outside none', () => {
    const logging = middleware({ LOG_LEVEL: 'warn' });
    serve(logging, 200, () => logging.logger.warn('inside'));
    logging.logger.warn('outside');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map(({ msg, requestId }) => ({ msg, requestId }))).toEqual([
      { msg: 'inside', requestId: 'req-7' },
      { msg: 'outside', requestId: undefined },
    ]);
  });
});
