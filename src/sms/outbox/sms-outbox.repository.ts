import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { SqlDialect } from '../../database/sql-dialect';
import { SmsMessage } from '../sms-message.entity';

/** The outbox's statements over the texts table. */
@Injectable()
export class SmsOutboxRepository {
  private claimSql: string | undefined;

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly sql: SqlDialect,
  ) {}

  /**
   * Claims up to `limit` due texts for `owner` until `leaseExpiresAt`: queued ones whose time has
   * come, and ones whose sender's lease has lapsed. One statement: SKIP LOCKED on PostgreSQL lets
   * instances claim side by side without waiting on each other; SQLite runs one writer at a time.
   */
  async claimDue(owner: string, leaseExpiresAt: Date, limit: number, now = new Date()): Promise<SmsMessage[]> {
    const when = (date: Date) => this.sql.value(SmsMessage, 'nextAttemptAt', date);
    const claimed = await this.sql.rows<{ id: string }>({
      sql: this.claimStatement(),
      parameters: [owner, when(leaseExpiresAt), when(now), when(now), when(now), limit],
    });
    if (claimed.length === 0) return [];
    return this.messages.find({ where: { id: In(claimed.map((row) => row.id)), leaseOwner: owner } });
  }

  /** How many texts are due at `now`, and the oldest due time. */
  async backlog(now: Date): Promise<{ due: number; oldest: Date | null }> {
    const due = await this.messages
      .createQueryBuilder('sms')
      .select('COUNT(*)', 'count')
      .addSelect('MIN(sms.nextAttemptAt)', 'oldest')
      .where("sms.status = 'queued' AND sms.nextAttemptAt <= :now", { now })
      .orWhere("sms.status = 'sending' AND sms.leaseExpiresAt < :now", { now })
      .getRawOne<{ count: string | number; oldest: string | Date | null }>();
    return { due: Number(due?.count ?? 0), oldest: due?.oldest ? parseDatabaseDate(due.oldest) : null };
  }

  /** Writes an attempt's end and gives the row up, if `owner` still holds it. */
  async release(id: string, owner: string, changes: QueryDeepPartialEntity<SmsMessage>): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update()
      .set({ ...changes, leaseOwner: null, leaseExpiresAt: null })
      .where('id = :id AND leaseOwner = :owner', { id, owner })
      .execute();
  }

  private claimStatement(): string {
    if (this.claimSql) return this.claimSql;
    const sql = this.sql;
    const column = (property: Extract<keyof SmsMessage, string>) => sql.column(SmsMessage, property);
    const next = sql.placeholders();
    const table = sql.table(SmsMessage);
    const [id, status, nextAttemptAt, leaseExpiresAt, attempts] = (
      ['id', 'status', 'nextAttemptAt', 'leaseExpiresAt', 'attempts'] as const
    ).map(column);
    this.claimSql =
      `UPDATE ${table} SET ${status} = 'sending', ${column('leaseOwner')} = ${next()}, ${leaseExpiresAt} = ${next()}, ` +
      `${attempts} = ${attempts} + 1, ${column('updatedAt')} = ${next()} ` +
      `WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE (${status} = 'queued' AND ${nextAttemptAt} <= ${next()}) ` +
      `OR (${status} = 'sending' AND ${leaseExpiresAt} < ${next()}) ORDER BY ${nextAttemptAt} LIMIT ${next()}${sql.skipLocked}) ` +
      `RETURNING ${id}`;
    return this.claimSql;
  }
}

/** A timestamp as an aggregate returns it: a Date (PostgreSQL) or UTC text (SQLite). */
function parseDatabaseDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
