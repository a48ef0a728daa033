import { Injectable } from '@nestjs/common';

import { SqlDialect } from '../database/sql-dialect';
import { Policy } from './policy.entity';
import { OptionalPolicyField } from './policy-csv.parser';

/** A tenant's policy book, written in bulk. */
@Injectable()
export class PolicyBookRepository {
  constructor(private readonly sql: SqlDialect) {}

  /**
   * Creates or updates policies in one statement (so atomic by itself), keyed by (tenantId,
   * policyKey), and answers the id of each row written: an existing policy answers its own id, not
   * the one offered. An update overwrites the number as written, the status and the optional
   * columns in `fields`; the id and creation time of an existing policy stay. Built from the
   * metadata here: TypeORM's insert query builder, which Repository.upsert uses, spent about 4 s
   * composing the statements for 50,000 rows on SQLite and the database about 0.6 s running them,
   * and Repository.upsert would also overwrite ids and creation times.
   */
  async upsertChunk(
    fields: readonly OptionalPolicyField[],
    records: ReadonlyArray<Partial<Policy>>,
  ): Promise<string[]> {
    const plan = this.sql.upsert(Policy, records.length, {
      columns: ['id', 'tenantId', 'policyNumber', 'policyKey', 'status', ...fields, 'createdAt', 'updatedAt'],
      conflict: ['tenantId', 'policyKey'],
      update: ['policyNumber', 'status', ...fields, 'updatedAt'],
      returning: ['id'],
    });
    const written = await this.sql.rows<{ id: string }>({ sql: plan.sql, parameters: this.sql.values(plan, records) });
    return written.map((row) => row.id);
  }
}
