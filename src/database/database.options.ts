import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { defaults as pgDefaults, types as pgTypes } from 'pg';
import type { DataSourceOptions } from 'typeorm';

import type { EnvironmentVariables } from '../config/environment';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

export type DatabaseEnvironment = Pick<
  EnvironmentVariables,
  'DATABASE_URL' | 'SQLITE_PATH' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'
>;

// `timestamp` columns hold UTC wall time: write and read them as UTC whatever the process TZ
// is (node-postgres would otherwise use local time both ways).
pgDefaults.parseInputDatesAsUTC = true;
pgTypes.setTypeParser(pgTypes.builtins.TIMESTAMP, (value) => new Date(`${value.replace(' ', 'T')}Z`));

/**
 * The one set of TypeORM options, used by the app (DatabaseModule) and the CLI (ormconfig.ts):
 * PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. Schema changes are
 * migrations, one set per dialect, run at start; `synchronize` is never on.
 */
export function buildDataSourceOptions(env: DatabaseEnvironment): DataSourceOptions {
  if (env.DATABASE_URL) {
    return {
      type: 'postgres',
      url: env.DATABASE_URL,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsRun: true,
      synchronize: false,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      parseInt8: true,
      // A stopped or unreachable server must cost a request at most the connect timeout, and a
      // stuck statement at most the statement timeout, so the webhook still answers in its budget.
      extra: {
        max: 10,
        connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
        statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
        query_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS + 1000,
        options: '-c timezone=UTC',
      },
    };
  }
  if (env.SQLITE_PATH !== ':memory:') mkdirSync(dirname(env.SQLITE_PATH), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: env.SQLITE_PATH,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    // WAL lets staff reads run beside webhook writes; NORMAL is durable across app crashes in WAL mode.
    enableWAL: true,
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      // Checkpoint every ~16 MB of WAL rather than 4 MB: pages written several times between
      // checkpoints are copied once (measured: a third less time per webhook insert).
      db.pragma('wal_autocheckpoint = 4000');
      db.pragma('cache_size = -32000');
      // A writer waits this long for another instance's lock, then fails instead of hanging.
      db.pragma(`busy_timeout = ${env.DATABASE_STATEMENT_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
    },
  };
}
