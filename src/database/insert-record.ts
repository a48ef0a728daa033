import { randomUUID } from 'node:crypto';

import type { DeepPartial, EntityMetadata, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

interface Timestamped extends ObjectLiteral {
  createdAt: Date;
}

interface InsertPlan {
  sql: string;
  columns: ColumnMetadata[];
}

const plans = new WeakMap<EntityMetadata, InsertPlan>();

/** One INSERT of every column, in the dialect of the repository's driver, built once per entity. */
function planFor(repository: Repository<ObjectLiteral>): InsertPlan {
  let plan = plans.get(repository.metadata);
  if (!plan) {
    const driver = repository.manager.connection.driver;
    const columns = repository.metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const values = columns.map((column, index) => driver.createParameter(column.propertyName, index)).join(', ');
    plan = {
      sql: `INSERT INTO ${driver.escape(repository.metadata.tableName)} (${names}) VALUES (${values})`,
      columns,
    };
    plans.set(repository.metadata, plan);
  }
  return plan;
}

/**
 * Inserts a new record and returns it as stored. Ids (unless given) and timestamps are made here, so nothing
 * needs reading back, and the statement is built once per entity from TypeORM's metadata and
 * driver (names escaped and values converted by the driver, as TypeORM's own insert does).
 * Measured on the webhook's hot path: Repository.save ran four statements in a transaction, and
 * the insert query builder spent more time composing the SQL than SQLite spent running it.
 */
export async function insertRecord<T extends Timestamped>(
  repository: Repository<T>,
  values: DeepPartial<T>,
): Promise<T> {
  const now = new Date();
  const hasUpdatedAt = repository.metadata.updateDateColumn !== undefined;
  // A generated uuid id unless one is given (entities keyed otherwise, e.g. by a hash, bring their own key).
  const generatesId = repository.metadata.primaryColumns.some(
    (column) => column.propertyName === 'id' && column.isGenerated,
  );
  const id = generatesId ? ((values as { id?: string }).id ?? randomUUID()) : undefined;
  const record = Object.assign(
    repository.metadata.create() as T,
    values,
    id && { id },
    { createdAt: now },
    hasUpdatedAt && { updatedAt: now },
  );
  const { sql, columns } = planFor(repository);
  const driver = repository.manager.connection.driver;
  const parameters = columns.map((column) => {
    const value = column.getEntityValue(record);
    // Left out: the column's default, as the database would apply it.
    if (value === undefined)
      return typeof column.default === 'function' || column.default === undefined ? null : column.default;
    return driver.preparePersistentValue(value, column);
  });
  await repository.manager.query(sql, parameters);
  return record;
}
