import { DataSource, ObjectLiteral, QueryFailedError, Repository } from 'typeorm';

/** One SQL statement in the dialect of the data source it was built for. */
export interface Statement {
  readonly sql: string;
  readonly parameters: unknown[];
}

/** The part of better-sqlite3's Database used here (the package ships no types). */
interface SynchronousDatabase {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
  transaction(work: () => void): () => void;
}

/** INSERT of one or more records of an entity: every insertable column, values converted by the driver. */
export function insertStatement<T extends ObjectLiteral>(repository: Repository<T>, records: T[]): Statement {
  const driver = repository.manager.connection.driver;
  const columns = repository.metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
  const parameters: unknown[] = [];
  const rows = records.map((record) => {
    const placeholders = columns.map((column) => {
      const value = column.getEntityValue(record);
      parameters.push(
        value === undefined
          ? typeof column.default === 'function' || column.default === undefined
            ? null
            : column.default
          : driver.preparePersistentValue(value, column),
      );
      return driver.createParameter(column.propertyName, parameters.length - 1);
    });
    return `(${placeholders.join(', ')})`;
  });
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  return {
    sql: `INSERT INTO ${driver.escape(repository.metadata.tableName)} (${names}) VALUES ${rows.join(', ')}`,
    parameters,
  };
}

/** UPDATE of every updatable column of a record with an `id`, to the values it holds. */
export function updateStatement<T extends ObjectLiteral & { id: string }>(
  repository: Repository<T>,
  record: T,
): Statement {
  const driver = repository.manager.connection.driver;
  const columns = repository.metadata.columns.filter(
    (column) => column.isUpdate && !column.isVirtual && !column.isPrimary && !column.isCreateDate,
  );
  const parameters: unknown[] = [];
  const assignments = columns.map((column) => {
    const value = column.getEntityValue(record);
    parameters.push(value === undefined ? null : driver.preparePersistentValue(value, column));
    return `${driver.escape(column.databaseName)} = ${driver.createParameter(column.propertyName, parameters.length - 1)}`;
  });
  parameters.push(record.id);
  return {
    sql: `UPDATE ${driver.escape(repository.metadata.tableName)} SET ${assignments.join(', ')} WHERE ${driver.escape('id')} = ${driver.createParameter('id', parameters.length - 1)}`,
    parameters,
  };
}

/**
 * Runs statements as one transaction: all of them or none. On PostgreSQL in a transaction of
 * its own pooled connection. SQLite has one connection for the whole app, and TypeORM's
 * transactions on it let other requests' statements run inside them between awaits (and a
 * second one fails to begin), so there the statements run in better-sqlite3's synchronous
 * transaction, which nothing can interleave with. A failure is a QueryFailedError on both.
 */
export async function runAtomically(dataSource: DataSource, statements: Statement[]): Promise<void> {
  if (dataSource.driver.options.type !== 'better-sqlite3') {
    await dataSource.transaction(async (manager) => {
      for (const statement of statements) await manager.query(statement.sql, statement.parameters);
    });
    return;
  }
  const database = (dataSource.driver as unknown as { databaseConnection: SynchronousDatabase }).databaseConnection;
  let current: Statement | undefined;
  try {
    database.transaction(() => {
      for (const statement of statements) {
        current = statement;
        // better-sqlite3 binds no booleans (TypeORM converts them the same way).
        database
          .prepare(statement.sql)
          .run(...statement.parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
      }
    })();
  } catch (error) {
    throw new QueryFailedError(
      current?.sql ?? '',
      current?.parameters ?? [],
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}
