import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';

import type { Statement } from './statement';

/** The part of better-sqlite3's Database used here (the package ships no types). */
interface SynchronousDatabase {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
  transaction(work: () => void): () => void;
}

/**
 * The app's one reach below TypeORM, on purpose. SQLite has a single connection for the whole app,
 * and a TypeORM transaction on it spans awaits: other requests' statements run inside it, and a
 * second one fails to begin ("cannot start a transaction within a transaction"). better-sqlite3's
 * synchronous transaction runs every statement before the event loop turns again, so nothing can
 * interleave (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#transactionfunction---function).
 * TypeORM exposes no such call, hence its driver's connection handle. A failure is a QueryFailedError,
 * as TypeORM's own queries report it.
 */
export function runInSqliteTransaction(dataSource: DataSource, statements: readonly Statement[]): void {
  const database = (dataSource.driver as unknown as { databaseConnection: SynchronousDatabase }).databaseConnection;
  // Logged like TypeORM's own queries (query logging, and what tests count), though run beside it.
  const logger = dataSource.logger;
  let current: Statement | undefined;
  try {
    logger.logQuery('BEGIN');
    database.transaction(() => {
      for (const statement of statements) {
        current = statement;
        logger.logQuery(statement.sql, statement.parameters);
        // better-sqlite3 binds no booleans (TypeORM converts them the same way).
        database
          .prepare(statement.sql)
          .run(...statement.parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
      }
    })();
    logger.logQuery('COMMIT');
  } catch (error) {
    logger.logQuery('ROLLBACK');
    throw new QueryFailedError(
      current?.sql ?? '',
      current?.parameters ?? [],
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}
