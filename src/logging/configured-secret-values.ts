import type { EnvironmentVariables } from '../config/environment';
import { secretValues } from './credential-redaction';

/** The variables whose values are credentials (or, for the connection URLs, hold one). */
export type SecretVariables = Pick<
  EnvironmentVariables,
  | 'VOIP_TOOLS_WEBHOOK_KEY'
  | 'JWT_SECRET'
  | 'ADMIN_PASSWORD'
  | 'VONAGE_API_SECRET'
  | 'VONAGE_SIGNATURE_SECRET'
  | 'VONAGE_WEBHOOK_TOKEN'
  | 'METRICS_TOKEN'
  | 'DATABASE_URL'
  | 'REDIS_URL'
>;

/**
 * The values of the app's configuration that are credentials, redacted wherever they would
 * appear in a log line or a span: the platform's webhook keys, the JWT secret, the first owner's
 * password, Vonage's secrets and path token, the metrics token, and the passwords of the
 * database and Redis URLs. Pure: the logger and the tracer (which starts before ConfigService
 * exists) both take it.
 */
export function configuredSecretValues(env: SecretVariables): string[] {
  return secretValues([
    ...(env.VOIP_TOOLS_WEBHOOK_KEY ?? '').split(','),
    env.JWT_SECRET,
    env.ADMIN_PASSWORD,
    env.VONAGE_API_SECRET,
    env.VONAGE_SIGNATURE_SECRET,
    env.VONAGE_WEBHOOK_TOKEN,
    env.METRICS_TOKEN,
    urlPassword(env.DATABASE_URL),
    urlPassword(env.REDIS_URL),
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
