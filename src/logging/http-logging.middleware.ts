import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Level, type LevelWithSilent, type Logger, type LoggerOptions, pino } from 'pino';
import { PinoPretty } from 'pino-pretty';

import type { EnvironmentVariables } from '../config/environment';
import { configuredSecretValues } from './configured-secret-values';
import {
  headersForLog,
  maskLogLine,
  REDACTED,
  REDACTED_PATHS,
  redactSensitiveFields,
  urlForLog,
} from './log-redaction';
import { requestIdFields, runAsRequest } from './request-context';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

/** Response headers worth a line: the rest (helmet's dozen) say the same on every answer. */
const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'retry-after', 'location', 'set-cookie'];

/** The app's configured credentials (configured-secret-values.ts), each redacted wherever it would appear in a log line. */
export function configuredSecrets(config: ConfigService<EnvironmentVariables, true>): string[] {
  return configuredSecretValues({
    VOIP_TOOLS_WEBHOOK_KEY: config.get('VOIP_TOOLS_WEBHOOK_KEY', { infer: true }),
    JWT_SECRET: config.get('JWT_SECRET', { infer: true }),
    ADMIN_PASSWORD: config.get('ADMIN_PASSWORD', { infer: true }),
    VONAGE_API_SECRET: config.get('VONAGE_API_SECRET', { infer: true }),
    VONAGE_SIGNATURE_SECRET: config.get('VONAGE_SIGNATURE_SECRET', { infer: true }),
    VONAGE_WEBHOOK_TOKEN: config.get('VONAGE_WEBHOOK_TOKEN', { infer: true }),
    METRICS_TOKEN: config.get('METRICS_TOKEN', { infer: true }),
    DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
    REDIS_URL: config.get('REDIS_URL', { infer: true }),
  });
}

/** A request as its log line shows it, serialized only when that line is written. */
interface LoggedRequest extends IncomingMessage {
  originalUrl?: string;
}

/** The level of a request's line: its outcome, as operators filter by it. */
function requestLevel(response: ServerResponse, error: unknown): Level {
  return error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One JSON line per event on stdout: the level by name, the request id of the request it
 * belongs to (request-context.ts), sensitive fields redacted (log-redaction.ts), and credentials
 * (the configured `secrets`, path tokens, sensitive query parameters) and phone numbers in every
 * string redacted or masked as the line is written. The request and response are serialized by
 * these serializers only for a line that is written.
 */
export function httpLoggerOptions(
  level: LevelWithSilent,
  secrets: readonly string[] = [],
): LoggerOptions<never, false> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => redactSensitiveFields(fields),
    },
    // Lines logged while a request is served carry its id only; the request itself is logged once, when it ends.
    mixin: requestIdFields,
    hooks: { streamWrite: (line) => maskLogLine(line, secrets) },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: urlForLog(request.originalUrl ?? request.url ?? ''),
        remoteAddress: request.socket?.remoteAddress,
        headers: headersForLog(request.headers),
      }),
      res: (response: ServerResponse) => ({
        statusCode: response.statusCode,
        headers: Object.fromEntries(
          LOGGED_RESPONSE_HEADERS.map((name): [string, unknown] => [name, response.getHeader(name)]).filter(
            ([, value]) => value !== undefined,
          ),
        ),
      }),
    },
  };
}

/**
 * The app's first middleware (configureApp mounts it before every other, the webhook's body
 * parser included): every answer carries `X-Request-Id`, everything logged while the request is
 * served carries that id, and the request gets one line when it ends (not the health probes):
 * method, URL, status, response time and request id, at info, warn (4xx) or error (5xx). At a
 * level that drops that line, nothing of it is made. Its logger is the one nestjs-pino's Logger
 * writes through (LoggingModule).
 */
@Injectable()
export class HttpLoggingMiddleware implements NestMiddleware {
  readonly logger: Logger;

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
    this.logger = pino(
      httpLoggerOptions(config.get('LOG_LEVEL', { infer: true }), configuredSecrets(config)),
      destination,
    );
  }

  /** Bound, so that it can be handed to `app.use` as is. */
  readonly use = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const id = requestIdFrom(request.headers['x-request-id']);
    response.setHeader(REQUEST_ID_HEADER, id);
    // Read by ApiKeyGuard for the call's context.
    (request as IncomingMessage & { id?: string }).id = id;
    if (!(request.url ?? '').startsWith('/health/')) this.logWhenDone(request, response, id);
    runAsRequest(id, next);
  };

  private logWhenDone(request: IncomingMessage, response: ServerResponse, requestId: string): void {
    const startedAt = Date.now();
    const done = (error?: unknown): void => {
      response.removeListener('close', done);
      response.removeListener('finish', done);
      response.removeListener('error', done);
      const level = requestLevel(response, error);
      if (!this.logger.isLevelEnabled(level)) return;
      const responseTime = Date.now() - startedAt;
      if (error || response.statusCode >= 500) {
        const err = error instanceof Error ? error : new Error(`failed with status code ${response.statusCode}`);
        this.logger[level]({ requestId, req: request, res: response, err, responseTime }, 'request errored');
        return;
      }
      const ended = !request.readableAborted && response.writableEnded;
      this.logger[level](
        { requestId, req: request, res: response, responseTime },
        ended ? 'request completed' : 'request aborted',
      );
    };
    response.on('close', done);
    response.on('finish', done);
    response.on('error', done);
  }
}
