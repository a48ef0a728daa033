import type { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

import { DomainException } from '../errors/domain.exception';
import { tenantCondition } from './tenant-condition';
import { TenantScope } from './tenant-scope';

/** A record by id inside the scope; another tenant's record is "not found", exactly like a missing one. */
export async function findInTenant<T extends ObjectLiteral>(
  repository: Repository<T>,
  scope: TenantScope,
  id: string,
  what: string,
): Promise<T> {
  const record = await repository.findOneBy({ id, ...tenantCondition(scope) } as unknown as FindOptionsWhere<T>);
  if (!record) throw DomainException.notFound(what);
  return record;
}
