import { mayHoldCredential, redactCredentials, redactQueryParameters } from './credential-redaction';
import { maskPhoneNumbers, mayHoldPhoneNumber } from './mask-phone-numbers';
import { REDACTED } from './redacted';

export { REDACTED };

/** pino's own redaction, for the headers of the request and response logged with each request. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Fields whose value is never logged, at any depth: credentials, and what callers said or were sent. */
const SENSITIVE_FIELDS = new Set([
  'password',
  'token',
  'access_token',
  'secret',
  'key',
  'text',
  'message',
  'body',
  'authorization',
  'cookie',
]);
const SENSITIVE_FIELD_PARTS = /password|secret|token|api[-_]?key|private[-_]?key/i;
/** Headers that carry credentials, whatever the platform calls them (x-vapi-secret, x-auth-token, ...). */
const SENSITIVE_HEADERS = /authorization|cookie|api[-_]?key|secret|token|signature|password/i;
const MAX_DEPTH = 8;

export function isSensitiveField(name: string): boolean {
  return SENSITIVE_FIELDS.has(name.toLowerCase()) || SENSITIVE_FIELD_PARTS.test(name);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The fields of a logged object with every sensitive one replaced by "[redacted]", at any depth.
 * Only plain objects and arrays are walked (an Error, a request or a response is left to its
 * serializer), and the caller's object is never changed: a copy is made where something is redacted.
 */
export function redactSensitiveFields<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => redactSensitiveFields(item, depth + 1));
    return items.some((item, index) => item !== value[index]) ? (items as T) : value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [name, field] of Object.entries(value)) {
    const redacted = field !== undefined && isSensitiveField(name) ? REDACTED : redactSensitiveFields(field, depth + 1);
    if (redacted !== field) {
      copy ??= { ...value };
      copy[name] = redacted;
    }
  }
  return (copy ?? value) as T;
}

/** Request headers as logged: any that could carry a credential is redacted. */
export function headersForLog(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SENSITIVE_HEADERS.test(name) ? REDACTED : value]),
  );
}

/**
 * A URL as logged: sensitive query parameters redacted by name first (while `&` and `=` inside a
 * value are still encoded), then decoded, so that a number sent as %2B1%20786... is masked like
 * any other. The last step (maskLogLine) redacts path tokens and configured secrets in it.
 */
export function urlForLog(url: string): string {
  const redacted = redactQueryParameters(url);
  try {
    return decodeURIComponent(redacted);
  } catch {
    return redacted;
  }
}

/** A JSON string literal, with the key before it when that key is the request id. */
const JSON_STRING = /("requestId":)?"((?:[^"\\]|\\.)*)"/g;

/**
 * The last step before a log line is written: every string in it (message, URL, error and
 * stack, nested fields) has its credentials redacted (credential-redaction.ts: the configured
 * `secrets`, path tokens, sensitive query parameters, tokens and keys by their shape) and its
 * phone numbers masked. Numbers (time, status, durations) are not strings and stay as they are;
 * so does the request id, which callers use to find the line, but for a credential in it.
 */
export function maskLogLine(line: string, secrets: readonly string[] = []): string {
  const credentials = mayHoldCredential(line, secrets);
  if (!credentials && !mayHoldPhoneNumber(line)) return line;
  return line.replace(JSON_STRING, (literal: string, requestIdKey: string | undefined, content: string) => {
    const phones = requestIdKey === undefined && mayHoldPhoneNumber(content);
    if (!phones && !(credentials && mayHoldCredential(content, secrets))) return literal;
    const value = JSON.parse(literal.slice(requestIdKey?.length ?? 0)) as string;
    let masked = credentials ? redactCredentials(value, secrets) : value;
    if (phones) masked = maskPhoneNumbers(masked);
    return masked === value ? literal : `${requestIdKey ?? ''}${JSON.stringify(masked)}`;
  });
}
