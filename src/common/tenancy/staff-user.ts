/**
 * owner: the operator; manages tenants and every tenant's users, works across tenants.
 * admin: manages its own tenant's users and webhook keys, and works its records.
 * agent: works its own tenant's records.
 */
export const STAFF_ROLES = ['owner', 'admin', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who a staff request acts as: the JWT guard loads it from the database on every request. */
export interface StaffUser {
  readonly id: string;
  readonly email: string;
  readonly role: StaffRole;
  /** The platform tenant id of an admin or agent; null for an owner, who spans tenants. */
  readonly tenantId: string | null;
}
