import type { DeepPartial, ObjectLiteral, Repository } from 'typeorm';

import type { PendingWrites } from './pending-writes';
import { SqlDialect } from './sql-dialect';

/**
 * Inserts a new record and returns it as stored, through the fast insert of its DataSource's
 * SqlDialect (see SqlDialect.insertRecord): the one-line way for a service to create a record.
 * With `writes`, the insert joins that unit of work, committed by its owner.
 */
export function insertRecord<T extends ObjectLiteral & { createdAt: Date }>(
  repository: Repository<T>,
  values: DeepPartial<T>,
  writes?: PendingWrites,
): Promise<T> {
  return SqlDialect.for(repository.manager.connection).insertRecord(repository, values, writes);
}
