import { REDACTED } from './redacted';

/**
 * Credentials found in the strings of a log line (URLs, messages, errors), whatever put them
 * there: a path token, a key a client put in a query string, a staff token pasted into a path.
 * Headers and logged fields are redacted by name elsewhere (log-redaction.ts); this is for
 * credentials inside free text.
 */

/** Routes whose last path segment is a credential (`VONAGE_WEBHOOK_TOKEN`): the segment is never logged, right or wrong. */
const PATH_TOKEN = /(\/webhooks\/vonage\/(?:delivery-receipt|inbound)\/)[^/?#\s"]+/gi;

/**
 * Query parameters whose value is never logged: credentials (keys, tokens, secrets, passwords,
 * signatures, sessions, codes) and what identifies a person in a search (`q`, `search`, `email`).
 */
const SENSITIVE_QUERY_NAME =
  /^(?:q|query|search|sig|code|e-?mail|text|message|body|.*(?:key|token|secret|passw(?:or)?d|passwd|pwd|pass|signature|auth|session|credential|jwt|bearer|cookie|otp).*)$/i;

/** `?name=value` or `&name=value` in any text: the value runs to the next `&`, `#`, space or quote. */
const QUERY_PARAMETER = /([?&])([^=&?#\s"]{1,64})=([^&#\s"]*)/g;

/**
 * Credentials recognised by their shape: a JSON Web Token (staff tokens: base64url JSON header
 * `eyJ…`, payload and signature) and a tenant webhook key (`vck_` and 43 base64url characters).
 */
const CREDENTIAL_SHAPES = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*|vck_[A-Za-z0-9_-]{20,}/g;

/** Shorter configured values are not redacted as literals: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `?a=1&token=x` → `?a=1&token=[redacted]`: by the parameter's name, decoded (`api%5Fkey` is `api_key`). */
export function redactQueryParameters(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(QUERY_PARAMETER, (parameter: string, separator: string, name: string) =>
    SENSITIVE_QUERY_NAME.test(decoded(name)) ? `${separator}${name}=${REDACTED}` : parameter,
  );
}

/** The configured secrets of the app, each at least 8 characters, longest first (one may contain another). */
export function secretValues(values: readonly (string | undefined | null)[]): string[] {
  const secrets = new Set<string>();
  for (const value of values) {
    if (typeof value === 'string' && value.trim().length >= MIN_SECRET_LENGTH) secrets.add(value.trim());
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/**
 * Everything a text could carry of a credential, replaced by "[redacted]": the configured
 * secrets as they are and URL-encoded, Vonage's path token, sensitive query parameters and
 * credential-shaped values. Pure and idempotent.
 */
export function redactCredentials(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && redacted.includes(encoded)) redacted = redacted.split(encoded).join(REDACTED);
  }
  return redactQueryParameters(redacted.replace(PATH_TOKEN, `$1${REDACTED}`).replace(CREDENTIAL_SHAPES, REDACTED));
}

/** Each secret as it is, inside a JSON string and URL-encoded: made once per list of secrets. */
const FORMS = new WeakMap<readonly string[], readonly string[]>();

function formsOf(secrets: readonly string[]): readonly string[] {
  let forms = FORMS.get(secrets);
  if (!forms) {
    forms = secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    FORMS.set(secrets, forms);
  }
  return forms;
}

/** A cheap test of a whole log line before its strings are parsed: could it hold a credential at all? */
export function mayHoldCredential(line: string, secrets: readonly string[]): boolean {
  return (
    line.includes('=') ||
    line.includes('eyJ') ||
    line.includes('vck_') ||
    /webhooks\/vonage\//i.test(line) ||
    formsOf(secrets).some((form) => line.includes(form))
  );
}
