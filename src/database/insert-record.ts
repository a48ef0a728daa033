import type { DeepPartial, ObjectLiteral, Repository } from 'typeorm';

import { SqlDialect } from './sql-dialect';

/**
 * Inserts a new record and returns it as stored, through the fast insert of its DataSource's
 * SqlDialect (see SqlDialect.insertRecord): the one-line way for a service to create a record.
 */
export function insertRecord<T extends ObjectLiteral & { createdAt: Date }>(
  repository: Repository<T>,
  values: DeepPartial<T>,
): Promise<T> {
  return SqlDialect.for(repository.manager.connection).insertRecord(repository, values);
}
