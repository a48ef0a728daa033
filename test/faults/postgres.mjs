// PostgreSQL for the scripts that run the built app (fault checks, three instances, tracing):
// one query on a connection of its own (the fault checks stop the server, so none is kept), and
// the database a script runs on, made empty.
import pg from 'pg';

/** One query on its own connection; answers the rows. */
export async function query(url, text, params = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server's `postgres` database, to create or drop the one `url` names. */
export function maintenanceUrl(url) {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return maintenance.toString();
}

/** The database `url` names exists and is empty: created when missing, its public schema dropped otherwise. */
export async function emptyDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const found = await query(maintenanceUrl(url), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.length === 0) await query(maintenanceUrl(url), `CREATE DATABASE "${name}"`);
  await query(url, 'DROP SCHEMA IF EXISTS public CASCADE');
  await query(url, 'CREATE SCHEMA public');
}
