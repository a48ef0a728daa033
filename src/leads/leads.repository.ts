import { Injectable } from '@nestjs/common';

import type { E164Phone } from '../common/phone/e164-phone';
import { SqlDialect } from '../database/sql-dialect';
import { Lead } from './lead.entity';

type Matched = 'phone' | 'email';

/**
 * The returning-caller lookups of every create_lead call, as statements built once (kept
 * prepared by better-sqlite3; plain parameterized queries on PostgreSQL), not a query builder
 * per call. Plain equalities on the (tenantId, phone) and (tenantId, email) indexes.
 */
@Injectable()
export class LeadsRepository {
  /** By the matched column, and whether the tenant is a value or the null bucket. */
  private readonly latestSql = new Map<string, string>();

  constructor(private readonly sql: SqlDialect) {}

  /** The tenant's lead last updated with this phone, as read once (E.164). `tenantId` null: calls without a tenant. */
  latestByPhone(tenantId: string | null, phone: E164Phone): Promise<Lead | null> {
    return this.latest('phone', tenantId, phone);
  }

  /** The tenant's lead last updated with this email (as stored: normalized). */
  latestByEmail(tenantId: string | null, email: string): Promise<Lead | null> {
    return this.latest('email', tenantId, email);
  }

  private async latest(matched: Matched, tenantId: string | null, value: string): Promise<Lead | null> {
    const [lead] = await this.sql.entities(Lead, {
      sql: this.latestStatement(matched, tenantId === null),
      parameters: tenantId === null ? [value] : [tenantId, value],
    });
    return lead ?? null;
  }

  private latestStatement(matched: Matched, withoutTenant: boolean): string {
    const key = `${matched}:${withoutTenant}`;
    let statement = this.latestSql.get(key);
    if (statement === undefined) {
      const sql = this.sql;
      const next = sql.placeholders();
      const tenant = `${sql.column(Lead, 'tenantId')} ${withoutTenant ? 'IS NULL' : `= ${next()}`}`;
      statement =
        `SELECT ${sql.selectList(Lead)} FROM ${sql.table(Lead)} WHERE ${tenant} AND ${sql.column(Lead, matched)} = ${next()} ` +
        `ORDER BY ${sql.column(Lead, 'updatedAt')} DESC, ${sql.column(Lead, 'id')} DESC LIMIT 1`;
      this.latestSql.set(key, statement);
    }
    return statement;
  }
}
