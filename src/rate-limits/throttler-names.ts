/** The named limits of ThrottlerModule (rate-limits.module.ts); each guard applies only its own. */
export const WEBHOOK_THROTTLER = 'webhook';
export const LOGIN_THROTTLER = 'login';
export const LOGIN_ADDRESS_THROTTLER = 'login-address';
