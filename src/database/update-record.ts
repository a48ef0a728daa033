import type { ObjectLiteral, Repository } from 'typeorm';

import type { PendingWrites } from './pending-writes';
import { SqlDialect } from './sql-dialect';

/**
 * Sets some properties of the record with this `id` (and its update date), and nothing else: the
 * one-line way for a service to update a record it has read (see SqlDialect.updateStatement).
 * With `writes`, the update joins that unit of work, committed by its owner.
 */
export async function updateRecord<T extends ObjectLiteral & { id: string }>(
  repository: Repository<T>,
  id: string,
  values: Partial<T>,
  writes?: PendingWrites,
): Promise<void> {
  const dialect = SqlDialect.for(repository.manager.connection);
  const statement = dialect.updateStatement(repository.target, id, values);
  if (writes) writes.add(statement);
  else await dialect.run(statement);
}
