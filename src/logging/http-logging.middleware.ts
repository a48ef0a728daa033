import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { LevelWithSilent, Logger } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';
import { PinoPretty } from 'pino-pretty';

import type { EnvironmentVariables } from '../config/environment';
import { secretValues } from './credential-redaction';
import {
  headersForLog,
  maskLogLine,
  REDACTED,
  REDACTED_PATHS,
  redactSensitiveFields,
  urlForLog,
} from './log-redaction';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

/** Response headers worth a line: the rest (helmet's dozen) say the same on every answer. */
const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'retry-after', 'location', 'set-cookie'];

interface SerializedRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

interface SerializedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
}

/**
 * The values of the app's configuration that are credentials, each redacted wherever it would
 * appear in a log line: the platform's webhook keys, the JWT secret, the first owner's password,
 * Vonage's secrets and path token, the metrics token, and the passwords of the database and Redis URLs.
 */
export function configuredSecrets(config: ConfigService<EnvironmentVariables, true>): string[] {
  const databaseUrl = config.get('DATABASE_URL', { infer: true });
  const redisUrl = config.get('REDIS_URL', { infer: true });
  return secretValues([
    ...(config.get('VOIP_TOOLS_WEBHOOK_KEY', { infer: true }) ?? '').split(','),
    config.get('JWT_SECRET', { infer: true }),
    config.get('ADMIN_PASSWORD', { infer: true }),
    config.get('VONAGE_API_SECRET', { infer: true }),
    config.get('VONAGE_SIGNATURE_SECRET', { infer: true }),
    config.get('VONAGE_WEBHOOK_TOKEN', { infer: true }),
    config.get('METRICS_TOKEN', { infer: true }),
    urlPassword(databaseUrl),
    urlPassword(redisUrl),
  ]);
}

/** The password inside a connection URL (`postgres://user:password@host/db`), decoded. */
function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * One JSON line per event on stdout: the level by name, the request id of the request it
 * belongs to, sensitive fields redacted (log-redaction.ts), and credentials (the configured
 * `secrets`, path tokens, sensitive query parameters) and phone numbers in every string
 * redacted or masked as the line is written. One line per HTTP request (not for the health
 * probes): method, URL, status, response time and request id.
 */
export function httpLoggerOptions(level: LevelWithSilent, secrets: readonly string[] = []): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => redactSensitiveFields(fields),
    },
    hooks: { streamWrite: (line) => maskLogLine(line, secrets) },
    serializers: {
      req: ({ method, url, headers, remoteAddress }: SerializedRequest) => ({
        method,
        url: urlForLog(url),
        remoteAddress,
        headers: headersForLog(headers),
      }),
      res: ({ statusCode, headers }: SerializedResponse) => ({
        statusCode,
        headers: Object.fromEntries(
          LOGGED_RESPONSE_HEADERS.filter((name) => headers?.[name] !== undefined).map((name) => [name, headers[name]]),
        ),
      }),
    },
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const id = requestIdFrom(request.headers['x-request-id']);
      response.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId' },
    // Lines logged while a request is served carry its id only; the request itself is logged once, when it ends.
    quietReqLogger: true,
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
  };
}

/**
 * pino-http as the app's first middleware (configureApp mounts it before every other, the
 * webhook's body parser included, so that every answer carries `X-Request-Id` and is logged);
 * its logger is the one nestjs-pino's Logger writes through (LoggingModule).
 */
@Injectable()
export class HttpLoggingMiddleware implements NestMiddleware {
  readonly logger: Logger;
  private readonly handler: HttpLogger;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    // process.stdout rather than pino's own file-descriptor writer: writes to a pipe or a file are
    // synchronous, so nothing is lost when the process exits, and tests can read what is written.
    // Pretty lines are made from the JSON line after it was redacted and masked.
    const format =
      config.get('LOG_FORMAT', { infer: true }) ??
      (config.get('NODE_ENV', { infer: true }) === 'development' ? 'pretty' : 'json');
    const destination =
      format === 'pretty'
        ? PinoPretty({ destination: process.stdout, sync: true, translateTime: 'SYS:HH:MM:ss.l' })
        : process.stdout;
    this.handler = pinoHttp(
      httpLoggerOptions(config.get('LOG_LEVEL', { infer: true }), configuredSecrets(config)),
      destination,
    );
    this.logger = this.handler.logger;
  }

  /** Bound, so that it can be handed to `app.use` as is. */
  readonly use = (request: IncomingMessage, response: ServerResponse, next: () => void): void =>
    this.handler(request, response, next);
}
