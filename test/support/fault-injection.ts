import type { TestApp } from './test-app';
import { onPostgres } from './test-app';

/**
 * Makes the database refuse writes to `table` (of one kind, optionally only when `when` holds for
 * the new row), as a failing disk or a lost connection would, until the returned function is
 * called. A trigger, so the app under test runs unchanged.
 */
export async function refuseWrites(
  t: TestApp,
  table: string,
  operation: 'INSERT' | 'UPDATE',
  when = 'TRUE',
): Promise<() => Promise<void>> {
  const name = `refuse_${operation.toLowerCase()}_${table}`;
  if (onPostgres) {
    await t.dataSource.query(
      `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault: ${operation} on ${table}'; END $$ LANGUAGE plpgsql`,
    );
    await t.dataSource.query(
      `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW WHEN (${when.replace(/\bNEW\./g, 'NEW.')}) EXECUTE FUNCTION ${name}()`,
    );
    return async () => {
      await t.dataSource.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await t.dataSource.query(`DROP FUNCTION IF EXISTS ${name}()`);
    };
  }
  await t.dataSource.query(
    `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW WHEN (${when === 'TRUE' ? '1' : when}) BEGIN SELECT RAISE(ABORT, 'injected fault: ${operation} on ${table}'); END`,
  );
  return async () => {
    await t.dataSource.query(`DROP TRIGGER IF EXISTS ${name}`);
  };
}
