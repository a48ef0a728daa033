import { randomUUID } from 'node:crypto';

import type { DataSource, DeepPartial, EntityMetadata, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

import { PendingWrites } from './pending-writes';
import { runInSqliteTransaction } from './sqlite-transaction';
import type { Statement, StatementPlan } from './statement';

/** An entity's property name (columns are named by property; the database name comes from the metadata). */
type Property<T> = Extract<keyof T, string>;

/** INSERT … ON CONFLICT, the same words on PostgreSQL and SQLite (3.24+). */
export interface UpsertOptions<T> {
  /** The properties written, in this order. */
  columns: ReadonlyArray<Property<T>>;
  /** The unique key whose conflict turns the insert into an update. */
  conflict: ReadonlyArray<Property<T>>;
  /** The properties overwritten with the offered values; none: DO NOTHING. */
  update?: ReadonlyArray<Property<T>>;
  /** When the update applies: the stored row is `table.column`, the offered one `excluded.column`. */
  where?: string;
  returning?: ReadonlyArray<Property<T>>;
}

interface Timestamped extends ObjectLiteral {
  createdAt: Date;
}

/**
 * The one place that turns entity metadata into SQL, in the dialect of its DataSource (PostgreSQL
 * or SQLite): placeholders, escaped names, driver-converted values, INSERT/UPDATE/upsert
 * statements, statements whose RETURNING rows are read, and atomic batches. Feature repositories
 * write their statements with it; services hold no SQL. One per DataSource (`SqlDialect.for`).
 */
export class SqlDialect {
  private static readonly instances = new WeakMap<DataSource, SqlDialect>();
  /** insertRecord's statements, built once per entity. */
  private readonly insertPlans = new WeakMap<EntityMetadata, StatementPlan>();
  readonly postgres: boolean;

  private constructor(readonly dataSource: DataSource) {
    this.postgres = dataSource.driver.options.type === 'postgres';
  }

  static for(dataSource: DataSource): SqlDialect {
    let dialect = SqlDialect.instances.get(dataSource);
    if (!dialect) {
      dialect = new SqlDialect(dataSource);
      SqlDialect.instances.set(dataSource, dialect);
    }
    return dialect;
  }

  private get driver() {
    return this.dataSource.driver;
  }

  /** The placeholder of the `index`-th (from 0) value: `$1` on PostgreSQL, `?` on SQLite. */
  parameter(index: number): string {
    return this.driver.createParameter(`p${index}`, index);
  }

  /** Placeholders in order: each call answers the next one. */
  placeholders(): () => string {
    let index = 0;
    return () => this.parameter(index++);
  }

  /** ` FOR UPDATE SKIP LOCKED` on PostgreSQL (claimers pass each other's rows by); nothing on SQLite (one writer). */
  get skipLocked(): string {
    return this.postgres ? ' FOR UPDATE SKIP LOCKED' : '';
  }

  metadata(target: EntityTarget<ObjectLiteral>): EntityMetadata {
    return this.dataSource.getMetadata(target);
  }

  /** The entity's table name, escaped. */
  table(target: EntityTarget<ObjectLiteral>): string {
    return this.driver.escape(this.metadata(target).tableName);
  }

  /** The column of an entity property, escaped. */
  column<T extends ObjectLiteral>(target: EntityTarget<T>, property: Property<T>): string {
    return this.driver.escape(this.columnOf(this.metadata(target), property).databaseName);
  }

  /** A value as the column stores it, converted by the driver (dates, JSON, booleans…). */
  value<T extends ObjectLiteral>(target: EntityTarget<T>, property: Property<T>, value: unknown): unknown {
    return this.driver.preparePersistentValue(value, this.columnOf(this.metadata(target), property));
  }

  /** INSERT of records of an entity: every insertable column, a left-out value taking the column's default. */
  insert<T extends ObjectLiteral>(target: EntityTarget<T>, records: readonly T[]): Statement {
    const metadata = this.metadata(target);
    const plan = this.insertPlan(metadata, insertableColumns(metadata), records.length);
    return { sql: plan.sql, parameters: this.values(plan, records) };
  }

  /** UPDATE of every updatable column of a record with an `id`, to the values it holds. */
  update<T extends ObjectLiteral & { id: string }>(target: EntityTarget<T>, record: T): Statement {
    const metadata = this.metadata(target);
    const driver = this.driver;
    const columns = metadata.columns.filter(
      (column) => column.isUpdate && !column.isVirtual && !column.isPrimary && !column.isCreateDate,
    );
    const next = this.placeholders();
    const parameters: unknown[] = [];
    const assignments = columns.map((column) => {
      const value: unknown = column.getEntityValue(record);
      parameters.push(value === undefined ? null : driver.preparePersistentValue(value, column));
      return `${driver.escape(column.databaseName)} = ${next()}`;
    });
    parameters.push(record.id);
    return {
      sql: `UPDATE ${driver.escape(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${driver.escape('id')} = ${next()}`,
      parameters,
    };
  }

  /** An upsert of `rows` rows, built once; bind values with `values`. */
  upsert<T extends ObjectLiteral>(target: EntityTarget<T>, rows: number, options: UpsertOptions<T>): StatementPlan {
    const metadata = this.metadata(target);
    const names = (properties: ReadonlyArray<Property<T>>) =>
      properties.map((property) => this.driver.escape(this.columnOf(metadata, property).databaseName));
    const columns = options.columns.map((property) => this.columnOf(metadata, property));
    const insert = this.insertPlan(metadata, columns, rows);
    const action = options.update?.length
      ? `DO UPDATE SET ${names(options.update)
          .map((name) => `${name} = excluded.${name}`)
          .join(', ')}${options.where ? ` WHERE ${options.where}` : ''}`
      : 'DO NOTHING';
    const returning = options.returning?.length ? ` RETURNING ${names(options.returning).join(', ')}` : '';
    return {
      sql: `${insert.sql} ON CONFLICT (${names(options.conflict).join(', ')}) ${action}${returning}`,
      columns,
    };
  }

  /** A plan's values for `records`, row after row, converted by the driver. */
  values(plan: StatementPlan, records: readonly ObjectLiteral[]): unknown[] {
    const parameters: unknown[] = [];
    for (const record of records) {
      for (const column of plan.columns) parameters.push(this.persistentValue(column, column.getEntityValue(record)));
    }
    return parameters;
  }

  /**
   * Inserts a new record and returns it as stored. Ids (unless given) and timestamps are made here, so nothing
   * needs reading back, and the statement is built once per entity (names escaped and values
   * converted by the driver, as TypeORM's own insert does). Measured on the webhook's hot path:
   * Repository.save ran four statements in a transaction, and the insert query builder spent more
   * time composing the SQL than SQLite spent running it. With `writes`, the insert joins that
   * unit of work instead of running now.
   */
  async insertRecord<T extends Timestamped>(
    repository: Repository<T>,
    values: DeepPartial<T>,
    writes?: PendingWrites,
  ): Promise<T> {
    const { record, statement } = this.insertStatement(repository, values);
    if (writes) writes.add(statement);
    else await repository.manager.query(statement.sql, statement.parameters);
    return record;
  }

  /** insertRecord's record and statement, to run later (a unit of work's). */
  insertStatement<T extends Timestamped>(
    repository: Repository<T>,
    values: DeepPartial<T>,
  ): { record: T; statement: Statement } {
    const metadata = repository.metadata;
    let plan = this.insertPlans.get(metadata);
    if (!plan) {
      plan = this.insertPlan(metadata, insertableColumns(metadata), 1);
      this.insertPlans.set(metadata, plan);
    }
    const now = new Date();
    const hasUpdatedAt = metadata.updateDateColumn !== undefined;
    // A generated uuid id unless one is given (entities keyed otherwise, e.g. by a hash, bring their own key).
    const generatesId = metadata.primaryColumns.some((column) => column.propertyName === 'id' && column.isGenerated);
    const id = generatesId ? ((values as { id?: string }).id ?? randomUUID()) : undefined;
    const record = Object.assign(
      metadata.create() as T,
      values,
      id && { id },
      { createdAt: now },
      hasUpdatedAt && { updatedAt: now },
    ) as T;
    return { record, statement: { sql: plan.sql, parameters: this.values(plan, [record]) } };
  }

  /**
   * UPDATE of the given properties of the record with this `id` (its update date, when the entity
   * has one, set to `now`): only those columns, so a concurrent change to others is kept.
   */
  updateStatement<T extends ObjectLiteral & { id: string }>(
    target: EntityTarget<T>,
    id: string,
    values: Partial<T>,
    now = new Date(),
  ): Statement {
    const metadata = this.metadata(target);
    const driver = this.driver;
    const next = this.placeholders();
    const parameters: unknown[] = [];
    const assignments = Object.entries(values).map(([property, value]) => {
      const column = this.columnOf(metadata, property);
      parameters.push(this.persistentValue(column, value));
      return `${driver.escape(column.databaseName)} = ${next()}`;
    });
    const updated = metadata.updateDateColumn;
    if (updated && !(updated.propertyName in values)) {
      parameters.push(driver.preparePersistentValue(now, updated));
      assignments.push(`${driver.escape(updated.databaseName)} = ${next()}`);
    }
    parameters.push(id);
    return {
      sql: `UPDATE ${driver.escape(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${driver.escape('id')} = ${next()}`,
      parameters,
    };
  }

  /** A unit of work on this database: statements gathered now, committed together by its `commit`. */
  pendingWrites(): PendingWrites {
    return new PendingWrites((statements) => this.runAtomically(statements));
  }

  /** Runs a statement. */
  async run(statement: Statement): Promise<void> {
    await this.dataSource.query(statement.sql, statement.parameters);
  }

  /**
   * The rows a statement answers (its RETURNING clause, or a SELECT). Read from the structured
   * result: on PostgreSQL a plain query answers an UPDATE or DELETE as [rows, count].
   */
  async rows<R>(statement: Statement): Promise<R[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(statement.sql, statement.parameters, true);
      return (result.records ?? []) as R[];
    } finally {
      await runner.release();
    }
  }

  /**
   * The columns an entity's SELECT reads (every selectable one, or `properties`), escaped, for a
   * statement a repository builds once: `"id", "tenantId", …`. Read back with `entities`.
   */
  selectList<T extends ObjectLiteral>(target: EntityTarget<T>, properties?: ReadonlyArray<Property<T>>): string {
    const metadata = this.metadata(target);
    const columns = properties
      ? properties.map((property) => this.columnOf(metadata, property))
      : selectableColumns(metadata);
    return columns.map((column) => this.driver.escape(column.databaseName)).join(', ');
  }

  /**
   * The entities a SELECT of `selectList(target)` answers, each value converted by the driver as
   * TypeORM's find converts it (dates, booleans, JSON). For the hot reads: a statement built once
   * runs as it is (better-sqlite3 keeps it prepared, by its text), where a find builds its query
   * anew on every call.
   */
  async entities<T extends ObjectLiteral>(target: EntityTarget<T>, statement: Statement): Promise<T[]> {
    const metadata = this.metadata(target);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(statement.sql, statement.parameters);
    return rows.map((row) => {
      const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const column of selectableColumns(metadata)) {
        const value = row[column.databaseName];
        if (value !== undefined) column.setEntityValue(entity, this.driver.prepareHydratedValue(value, column));
      }
      return entity;
    });
  }

  /**
   * Runs statements as one transaction: all of them or none. On PostgreSQL in a transaction of its
   * own pooled connection; on SQLite in a synchronous one that other requests cannot interleave
   * with (see runInSqliteTransaction). A failure is a QueryFailedError on both.
   */
  async runAtomically(statements: readonly Statement[]): Promise<void> {
    if (!this.postgres) return runInSqliteTransaction(this.dataSource, statements);
    // One statement is atomic on its own: no BEGIN and COMMIT round trips (a replayed call's log row).
    if (statements.length === 1) return this.run(statements[0]);
    await this.dataSource.transaction(async (manager) => {
      for (const statement of statements) await manager.query(statement.sql, statement.parameters);
    });
  }

  /** The database answers a trivial statement (readiness). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    return column;
  }

  /** A left-out value takes the column's default, as the database would apply it. */
  private persistentValue(column: ColumnMetadata, value: unknown): unknown {
    if (value === undefined)
      return typeof column.default === 'function' || column.default === undefined ? null : column.default;
    return this.driver.preparePersistentValue(value, column);
  }

  private insertPlan(metadata: EntityMetadata, columns: readonly ColumnMetadata[], rows: number): StatementPlan {
    const driver = this.driver;
    const next = this.placeholders();
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const tuples = Array.from({ length: rows }, () => `(${columns.map(() => next()).join(', ')})`);
    return { sql: `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${tuples.join(', ')}`, columns };
  }
}

/** The columns a find reads by default (a `select: false` column, such as a key's hash, only when named). */
function selectableColumns(metadata: EntityMetadata): ColumnMetadata[] {
  return metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
}

function insertableColumns(metadata: EntityMetadata): ColumnMetadata[] {
  return metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
}
