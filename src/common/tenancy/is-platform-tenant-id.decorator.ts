import { Matches } from 'class-validator';

/** What a platform tenant id may be: the VoIP platform's `tenant_id`, kept to a safe alphabet. */
const PLATFORM_TENANT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isPlatformTenantId(value: unknown): value is string {
  return typeof value === 'string' && PLATFORM_TENANT_ID.test(value);
}

/** Validates a platform tenant id; the message names the field and what it may hold. */
export function IsPlatformTenantId(field: string): PropertyDecorator {
  return Matches(PLATFORM_TENANT_ID, { message: `${field} must be a platform tenant id (letters, digits, . _ : -)` });
}
