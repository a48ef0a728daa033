import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';

import type { Statement } from './statement';

/** The part of better-sqlite3's Database used here (the package ships no types). */
interface SynchronousDatabase {
  prepare(sql: string): PreparedStatement;
  transaction<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void;
}

interface PreparedStatement {
  run(...parameters: unknown[]): unknown;
}

/** A database's prepared statements and its one transaction function, kept across calls. */
interface Prepared {
  statements: Map<string, PreparedStatement>;
  run: (statements: readonly Statement[], step: (statement: Statement) => void) => void;
}

// Preparing is a tenth of a webhook call's CPU when redone per call (profiled under load); the
// statements the app batches are a few dozen distinct texts. The bound only guards against
// texts built per call: the oldest is dropped first.
const MAX_PREPARED = 256;
const prepared = new WeakMap<SynchronousDatabase, Prepared>();

function preparedFor(database: SynchronousDatabase): Prepared {
  let entry = prepared.get(database);
  if (!entry) {
    const statements = new Map<string, PreparedStatement>();
    const run = database.transaction((batch: readonly Statement[], step: (statement: Statement) => void) => {
      for (const statement of batch) {
        step(statement);
        let compiled = statements.get(statement.sql);
        if (!compiled) {
          compiled = database.prepare(statement.sql);
          if (statements.size >= MAX_PREPARED) statements.delete(statements.keys().next().value as string);
          statements.set(statement.sql, compiled);
        }
        // better-sqlite3 binds no booleans (TypeORM converts them the same way).
        compiled.run(...statement.parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
      }
    });
    entry = { statements, run };
    prepared.set(database, entry);
  }
  return entry;
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
    preparedFor(database).run(statements, (statement) => {
      current = statement;
      logger.logQuery(statement.sql, statement.parameters);
    });
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
