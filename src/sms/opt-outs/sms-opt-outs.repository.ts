import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { SqlDialect } from '../../database/sql-dialect';
import type { StatementPlan } from '../../database/statement';
import { SmsOptOut } from './sms-opt-out.entity';

/** The opt-out rows, one per phone number. */
@Injectable()
export class SmsOptOutsRepository {
  private upsertPlan: StatementPlan | undefined;

  constructor(
    @InjectRepository(SmsOptOut) private readonly optOuts: Repository<SmsOptOut>,
    private readonly sql: SqlDialect,
  ) {}

  async isOptedOut(phone: string): Promise<boolean> {
    const row = await this.optOuts.findOne({ where: { phone }, select: { phone: true, optedOut: true } });
    return row?.optedOut === true;
  }

  /**
   * Writes a number's answer unless its row holds a newer message's, or this same message's:
   * one INSERT … ON CONFLICT DO UPDATE … WHERE, so two messages of one number arriving at once
   * cannot both win (TypeORM's upsert builder leaves the WHERE out on SQLite). True when written.
   */
  async upsertIfNewer(row: SmsOptOut): Promise<boolean> {
    const plan = (this.upsertPlan ??= this.buildUpsert());
    const written = await this.sql.rows({ sql: plan.sql, parameters: this.sql.values(plan, [row]) });
    return written.length > 0;
  }

  private buildUpsert(): StatementPlan {
    const table = this.sql.table(SmsOptOut);
    const [changedAt, messageId] = [
      this.sql.column(SmsOptOut, 'changedAt'),
      this.sql.column(SmsOptOut, 'providerMessageId'),
    ];
    return this.sql.upsert(SmsOptOut, 1, {
      columns: ['phone', 'optedOut', 'keyword', 'providerMessageId', 'changedAt', 'updatedAt'],
      conflict: ['phone'],
      update: ['optedOut', 'keyword', 'providerMessageId', 'changedAt', 'updatedAt'],
      where:
        `${table}.${changedAt} <= excluded.${changedAt} ` +
        `AND (${table}.${messageId} IS NULL OR excluded.${messageId} IS NULL OR ${table}.${messageId} <> excluded.${messageId})`,
      returning: ['phone'],
    });
  }
}
