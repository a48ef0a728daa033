import { Injectable } from '@nestjs/common';

import { SqlDialect } from '../database/sql-dialect';
import { WebhookKey } from './webhook-key.entity';

/** What authenticating a call reads of a key: never its hash. */
export type ActiveWebhookKey = Pick<WebhookKey, 'id' | 'tenantId' | 'prefix' | 'lastUsedAt'>;

/** The key lookup of every tool call made with a tenant's key, as statements built once. */
@Injectable()
export class WebhookKeysRepository {
  /** By the number of hashes looked up (a call presents one key, at most two). */
  private readonly activeSql = new Map<number, string>();

  constructor(private readonly sql: SqlDialect) {}

  /** The keys not revoked among those with these hashes. */
  active(hashes: readonly string[]): Promise<ActiveWebhookKey[]> {
    return this.sql.entities(WebhookKey, { sql: this.activeStatement(hashes.length), parameters: [...hashes] });
  }

  private activeStatement(count: number): string {
    let statement = this.activeSql.get(count);
    if (statement === undefined) {
      const sql = this.sql;
      const next = sql.placeholders();
      const hashes = Array.from({ length: count }, () => next()).join(', ');
      statement =
        `SELECT ${sql.selectList(WebhookKey, ['id', 'tenantId', 'prefix', 'lastUsedAt'])} FROM ${sql.table(WebhookKey)} ` +
        `WHERE ${sql.column(WebhookKey, 'keyHash')} IN (${hashes}) AND ${sql.column(WebhookKey, 'revokedAt')} IS NULL`;
      this.activeSql.set(count, statement);
    }
    return statement;
  }
}
