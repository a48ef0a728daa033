import { createTestApp, onPostgres, TestApp } from './support/test-app';

describe(`database schema (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is built by migrations at start, never by synchronize', async () => {
    expect(t.dataSource.options.synchronize).toBe(false);
    const applied = await t.rows<{ name: string }>('migrations');
    expect(applied.map((migration) => migration.name)).toEqual(
      t.dataSource.migrations.map((migration) => migration.name),
    );
    expect(applied.length).toBeGreaterThan(0);
  });

  it('matches the entities exactly: the schema builder finds nothing to change', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('runs on the dialect the environment names', () => {
    expect(t.dataSource.options.type).toBe(onPostgres ? 'postgres' : 'better-sqlite3');
  });
});
