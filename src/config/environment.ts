import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

import { COMMON_PASSWORD_MESSAGE, IsNotCommonPassword } from '../users/common-passwords';

const PORT_RANGE = 'PORT must be a whole number from 1 to 65535';
const SMS_TIMEOUT_RANGE =
  "SMS_TIMEOUT_MS must be a whole number of milliseconds from 100 to 8000 (inside the platform's 9 s budget)";

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

/** A whole number within bounds, with a message naming the variable, its unit and its range. */
function WholeNumber(name: string, min: number, max: number, unit: string): PropertyDecorator {
  const message = `${name} must be a whole number ${unit ? `of ${unit} ` : ''}from ${min} to ${max}`;
  return (target, property) => {
    Transform(toNumber)(target, property);
    IsInt({ message })(target, property);
    Min(min, { message })(target, property);
    Max(max, { message })(target, property);
  };
}

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the app reads, validated once at start. Services read these
 * through `ConfigService<EnvironmentVariables, true>`, never through `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }: { value: unknown }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: PORT_RANGE })
  @Min(1, { message: PORT_RANGE })
  @Max(65535, { message: PORT_RANGE })
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  SQLITE_PATH = './data/crm.sqlite';

  /**
   * Shared state of several instances: rate-limit counters and tenant-settings invalidations.
   * Unset: both stay in each instance's memory.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis key and channel the app uses, so that deployments can share a Redis. */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or : _ . -' })
  REDIS_KEY_PREFIX = 'voicecrm:';

  /** Comma-separated; several keys are accepted at once so a key can be rotated. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  VOIP_TOOLS_WEBHOOK_KEY?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production' })
  @MinLength(32, {
    message: 'JWT_SECRET must be at least 32 characters long (it is required when NODE_ENV=production)',
  })
  JWT_SECRET?: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @Matches(/^\d+[smhd]$/, { message: 'JWT_EXPIRES_IN must look like 30m, 12h or 7d' })
  JWT_EXPIRES_IN = '12h';

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_PASSWORD !== undefined || env.ADMIN_EMAIL !== undefined)
  @Matches(/^[^@\s]+@[^@\s]+$/, {
    message: 'ADMIN_EMAIL must be an email address (it is required with ADMIN_PASSWORD)',
  })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD is required with ADMIN_EMAIL' })
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters long' })
  @IsNotCommonPassword({ message: `ADMIN_PASSWORD ${COMMON_PASSWORD_MESSAGE}` })
  ADMIN_PASSWORD?: string;

  /** Defaults to `vonage` when VONAGE_API_KEY is set, else `log`; resolved in validateEnvironment. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['vonage', 'log'])
  SMS_PROVIDER?: 'vonage' | 'log';

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.SMS_PROVIDER === 'vonage')
  @IsString({ message: 'VONAGE_API_KEY is required when SMS_PROVIDER=vonage' })
  VONAGE_API_KEY?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.SMS_PROVIDER === 'vonage')
  @IsString({ message: 'VONAGE_API_SECRET is required when SMS_PROVIDER=vonage' })
  VONAGE_API_SECRET?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.SMS_PROVIDER === 'vonage')
  @IsString({ message: 'VONAGE_FROM is required when SMS_PROVIDER=vonage' })
  @MaxLength(15)
  VONAGE_FROM?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'VONAGE_REST_HOST must be an http(s) URL' },
  )
  VONAGE_REST_HOST?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: SMS_TIMEOUT_RANGE })
  @Min(100, { message: SMS_TIMEOUT_RANGE })
  @Max(8000, { message: SMS_TIMEOUT_RANGE })
  SMS_TIMEOUT_MS = 3000;

  /** The webhook answers within this, whatever hangs (the platform gives up after 9 s). */
  @WholeNumber('WEBHOOK_DEADLINE_MS', 1000, 8500, 'milliseconds')
  WEBHOOK_DEADLINE_MS = 8000;

  /** The same tool call re-sent within this window replays the first answer. */
  @WholeNumber('TOOL_CALL_REPLAY_WINDOW_SECONDS', 1, 86400, 'seconds')
  TOOL_CALL_REPLAY_WINDOW_SECONDS = 600;

  /**
   * A tool call's claim with no answer after this long belongs to an instance that died mid-call:
   * a re-delivery then takes it over (finding what the first delivery made). Unset: 4 ×
   * WEBHOOK_DEADLINE_MS. Keep it well above WEBHOOK_DEADLINE_MS: a call still running is not dead.
   */
  @IsOptional()
  @WholeNumber('TOOL_CALL_ABANDONED_AFTER_MS', 1000, 86_400_000, 'milliseconds')
  TOOL_CALL_ABANDONED_AFTER_MS?: number;

  /** Tries per SMS before it is marked failed (transient failures only; refusals fail at once). */
  @WholeNumber('SMS_MAX_ATTEMPTS', 1, 20, '')
  SMS_MAX_ATTEMPTS = 6;

  /** First retry delay; doubled each attempt, with full jitter, capped at 15 minutes. */
  @WholeNumber('SMS_RETRY_BASE_MS', 100, 600000, 'milliseconds')
  SMS_RETRY_BASE_MS = 5000;

  /** How long a claimed SMS stays with the instance that claimed it before another may take it. */
  @WholeNumber('SMS_LEASE_MS', 1000, 3600000, 'milliseconds')
  SMS_LEASE_MS = 30000;

  /** How often the outbox worker looks for due SMS. */
  @WholeNumber('SMS_OUTBOX_POLL_MS', 50, 60000, 'milliseconds')
  SMS_OUTBOX_POLL_MS = 1000;

  /**
   * How long an instance may use a tenant's settings without reading them again: the longest a
   * change made through another instance goes unseen (0: read them on every call).
   */
  @WholeNumber('TENANT_SETTINGS_TTL_MS', 0, 300000, 'milliseconds')
  TENANT_SETTINGS_TTL_MS = 5000;

  /** Readiness fails when a due SMS has waited longer than this. */
  @WholeNumber('SMS_OUTBOX_MAX_AGE_SECONDS', 10, 86400, 'seconds')
  SMS_OUTBOX_MAX_AGE_SECONDS = 900;

  /**
   * SMS segments one phone call may send, per tenant (a tenant's own setting overrides it). A
   * voice-agent text without a call id counts against the number it goes to, over the last hour.
   */
  @WholeNumber('SMS_MAX_PER_CALL', 1, 1000, '')
  SMS_MAX_PER_CALL = 3;

  /** SMS segments one tenant may send in an hour (a tenant's own setting overrides it). */
  @WholeNumber('SMS_MAX_PER_TENANT_HOUR', 1, 1000000, '')
  SMS_MAX_PER_TENANT_HOUR = 200;

  /** SMS segments all tenants together may send in an hour: new tenant ids do not add budget. */
  @WholeNumber('SMS_MAX_PER_PLATFORM_HOUR', 1, 10000000, '')
  SMS_MAX_PER_PLATFORM_HOUR = 2000;

  /** Vonage's signature secret: when set, delivery receipts and inbound SMS must be signed with it. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'VONAGE_SIGNATURE_SECRET must be at least 16 characters long' })
  VONAGE_SIGNATURE_SECRET?: string;

  /** The hash Vonage signs with (the dashboard's "signature method"). */
  @IsIn(['md5hash', 'md5', 'sha1', 'sha256', 'sha512'], {
    message: 'VONAGE_SIGNATURE_METHOD must be one of md5hash, md5, sha1, sha256, sha512',
  })
  VONAGE_SIGNATURE_METHOD: 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512' = 'md5hash';

  /** Without a signature secret: the secret last path segment of Vonage's webhook URLs. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{24,128}$/, { message: 'VONAGE_WEBHOOK_TOKEN must be 24 to 128 letters, digits, _ or -' })
  VONAGE_WEBHOOK_TOKEN?: string;

  /**
   * The bearer token Prometheus presents at GET /metrics. Unset: the route answers 404, in every
   * environment.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters long' })
  METRICS_TOKEN?: string;

  /**
   * Where spans go, over OTLP/HTTP (the collector's base URL; /v1/traces is added). Unset: no
   * tracing, and nothing of OpenTelemetry's SDK is loaded. Read by src/tracing before the app
   * starts, and by the exporter itself (with OTEL_EXPORTER_OTLP_HEADERS).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The service name spans carry (the resource's service.name). */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'OTEL_SERVICE_NAME must be 1 to 64 letters, digits or . _ -' })
  OTEL_SERVICE_NAME = 'voice-crm';

  /** Tool calls per minute per webhook key (and per tenant under the platform key). */
  @WholeNumber('WEBHOOK_RATE_LIMIT_PER_MINUTE', 1, 1000000, '')
  WEBHOOK_RATE_LIMIT_PER_MINUTE = 1200;

  /** Keys (and array items) a tool call's args may hold, at any depth; a real call has about ten. */
  @WholeNumber('WEBHOOK_ARGS_MAX_KEYS', 10, 100000, '')
  WEBHOOK_ARGS_MAX_KEYS = 200;

  /** Characters of text (keys and string values together) a tool call's args may hold. */
  @WholeNumber('WEBHOOK_ARGS_MAX_TEXT', 1000, 1000000, 'characters')
  WEBHOOK_ARGS_MAX_TEXT = 20000;

  /** Tool calls of one tenant this instance works on at once; the tenant's next ones wait their turn. */
  @WholeNumber('WEBHOOK_CONCURRENCY_PER_TENANT', 1, 1000, '')
  WEBHOOK_CONCURRENCY_PER_TENANT = 4;

  /** Tool calls of one tenant that may wait for a turn; beyond them, and after 2 s of waiting, "busy" (429). */
  @WholeNumber('WEBHOOK_QUEUE_PER_TENANT', 0, 10000, '')
  WEBHOOK_QUEUE_PER_TENANT = 16;

  /** Login attempts per 15 minutes per account and client address. */
  @WholeNumber('LOGIN_RATE_LIMIT_PER_15_MINUTES', 1, 10000, '')
  LOGIN_RATE_LIMIT_PER_15_MINUTES = 10;

  /** Login attempts per 15 minutes per client address, whatever the account (password spraying). */
  @WholeNumber('LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES', 1, 100000, '')
  LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES = 50;

  /** PostgreSQL: how long to wait for a connection before answering that the database is down. */
  @WholeNumber('DATABASE_CONNECT_TIMEOUT_MS', 100, 60000, 'milliseconds')
  DATABASE_CONNECT_TIMEOUT_MS = 1500;

  /** Longest statement (PostgreSQL statement_timeout; SQLite busy timeout). */
  @WholeNumber('DATABASE_STATEMENT_TIMEOUT_MS', 100, 600000, 'milliseconds')
  DATABASE_STATEMENT_TIMEOUT_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** `json` (one object a line, for collectors) or `pretty` (for a person); unset: pretty in development only. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  /** Comma-separated origins allowed to call the API from a browser; unset: CORS stays off. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*$/, {
    message: 'CORS_ORIGINS must be comma-separated http(s) origins',
  })
  CORS_ORIGINS?: string;

  /** Country assumed for phone numbers said without a country code (ISO 3166 alpha-2). */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  DEFAULT_COUNTRY = 'US';

  /** IANA zone in which spoken dates and times are understood. */
  @IsString()
  DEFAULT_TIMEZONE = 'UTC';
}

/** Validates `process.env`-like input; throws one error naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  // An empty variable (`PORT=` in a .env file, `${VAR:-}` in compose) means unset.
  const given = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
  );
  const env = plainToInstance(EnvironmentVariables, given, { exposeDefaultValues: true });
  if (env.SMS_PROVIDER === undefined) env.SMS_PROVIDER = env.VONAGE_API_KEY ? 'vonage' : 'log';
  const problems = validateSync(env, { skipMissingProperties: false, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? text : `${error.property}: ${text}`,
    ),
  );
  if (!isSupportedCountry(env.DEFAULT_COUNTRY))
    problems.push('DEFAULT_COUNTRY must be an ISO 3166 country code such as US');
  if (!IANAZone.isValidZone(env.DEFAULT_TIMEZONE))
    problems.push('DEFAULT_TIMEZONE must be an IANA time zone such as America/New_York');
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return env;
}
