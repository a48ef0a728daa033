import { FindOperator, IsNull } from 'typeorm';

import { DomainException } from '../errors/domain.exception';
import { TenantScope } from './tenant-scope';

/** The `where` fragment that keeps a query inside its scope (empty across tenants). */
export function tenantCondition(scope: TenantScope): { tenantId?: string | FindOperator<string> } {
  if (scope.tenantId === undefined) return {};
  return { tenantId: scope.tenantId === null ? (IsNull() as FindOperator<string>) : scope.tenantId };
}

/** A record must be placed in one tenant: a cross-tenant user has to name it. */
export function tenantForCreate(scope: TenantScope): string | null {
  if (scope.tenantId === undefined) {
    throw DomainException.invalid(
      'tenant_id',
      'tenant_id is required to create a record: name the tenant it belongs to with ?tenant_id=',
    );
  }
  return scope.tenantId;
}
