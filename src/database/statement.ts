import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** One SQL statement in the dialect of the data source it was built for, with its values. */
export interface Statement {
  readonly sql: string;
  readonly parameters: unknown[];
}

/** A statement built once from entity metadata: its SQL, and the columns whose values it takes, row by row. */
export interface StatementPlan {
  readonly sql: string;
  readonly columns: readonly ColumnMetadata[];
}
