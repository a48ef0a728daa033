import { Injectable } from '@nestjs/common';

import { SqlDialect } from '../database/sql-dialect';
import { Tenant } from './tenant.entity';

/** The tenant read of tool calls (on a settings-cache miss), as a statement built once. */
@Injectable()
export class TenantsRepository {
  private byPlatformIdSql: string | undefined;

  constructor(private readonly sql: SqlDialect) {}

  async byPlatformId(platformTenantId: string): Promise<Tenant | null> {
    const sql = this.sql;
    this.byPlatformIdSql ??= `SELECT ${sql.selectList(Tenant)} FROM ${sql.table(Tenant)} WHERE ${sql.column(Tenant, 'platformTenantId')} = ${sql.parameter(0)}`;
    const [tenant] = await sql.entities(Tenant, { sql: this.byPlatformIdSql, parameters: [platformTenantId] });
    return tenant ?? null;
  }
}
