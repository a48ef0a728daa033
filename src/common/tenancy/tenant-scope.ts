/**
 * The platform tenant a request acts in. `tenantId: undefined` means "every tenant" (a
 * cross-tenant staff user who named none); `null` is the bucket of tool calls that carried no
 * tenant_id. Domain services filter with `tenantCondition` and place new records with
 * `tenantForCreate`, so no query forgets its scope.
 */
export interface TenantScope {
  readonly tenantId: string | null | undefined;
}

export function tenantScope(tenantId: string | null): TenantScope {
  return { tenantId };
}
