import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { maskPhoneNumbers } from '../../logging/mask-phone-numbers';
import { InboundSms, OptOutOutcome } from './inbound-sms';
import { readOptOutKeyword } from './opt-out-keyword';
import { SmsOptOut } from './sms-opt-out.entity';

const COLUMNS: ReadonlyArray<keyof SmsOptOut> = [
  'phone',
  'optedOut',
  'keyword',
  'providerMessageId',
  'changedAt',
  'updatedAt',
];

/** Which numbers said STOP (and which said START again). */
@Injectable()
export class SmsOptOutsService {
  private readonly logger = new Logger(SmsOptOutsService.name);
  private upsertSql: string | undefined;

  constructor(@InjectRepository(SmsOptOut) private readonly optOuts: Repository<SmsOptOut>) {}

  /** True when the number's latest keyword opted it out. `phone` is E.164. */
  async isOptedOut(phone: string): Promise<boolean> {
    const row = await this.optOuts.findOne({ where: { phone }, select: { phone: true, optedOut: true } });
    return row?.optedOut === true;
  }

  /**
   * Records a STOP-style or START-style text as its sender's answer. Texts are re-delivered and
   * arrive out of order, so the row changes only for a message newer than (or as new as) the
   * one that made its last change, and never for that same message again.
   */
  async recordInbound(sms: InboundSms): Promise<OptOutOutcome> {
    const keyword = readOptOutKeyword(sms.text);
    if (!keyword) {
      this.logger.log(`Inbound SMS from ${maskPhoneNumbers(sms.phone)} is not an opt-out or opt-in keyword; ignored`);
      return 'not-a-keyword';
    }
    const changed = await this.upsert({
      phone: sms.phone,
      optedOut: keyword.optedOut,
      keyword: keyword.keyword,
      providerMessageId: sms.providerMessageId,
      changedAt: sms.sentAt,
      updatedAt: new Date(),
    });
    if (!changed) {
      this.logger.log(
        `${keyword.keyword} from ${maskPhoneNumbers(sms.phone)} ignored: a re-delivery, or older than the last change`,
      );
      return 'ignored';
    }
    this.logger.log(`${maskPhoneNumbers(sms.phone)} opted ${keyword.optedOut ? 'out' : 'in'} (${keyword.keyword})`);
    return keyword.optedOut ? 'opted-out' : 'opted-in';
  }

  /**
   * One INSERT … ON CONFLICT DO UPDATE … WHERE, so two messages of one number arriving at once
   * cannot both win (SQLite 3.24+ and PostgreSQL share the syntax; TypeORM's upsert builder
   * leaves the WHERE out on SQLite). True when the row was written.
   */
  private async upsert(row: SmsOptOut): Promise<boolean> {
    const metadata = this.optOuts.metadata;
    const driver = this.optOuts.manager.connection.driver;
    const columns = COLUMNS.map((name) => metadata.findColumnWithPropertyName(name)!);
    if (!this.upsertSql) {
      const q = (name: string) => driver.escape(name);
      const table = q(metadata.tableName);
      const column = (name: keyof SmsOptOut) => q(metadata.findColumnWithPropertyName(name)!.databaseName);
      const [phone, changedAt, messageId] = [column('phone'), column('changedAt'), column('providerMessageId')];
      this.upsertSql =
        `INSERT INTO ${table} (${columns.map((c) => q(c.databaseName)).join(', ')}) ` +
        `VALUES (${columns.map((c, index) => driver.createParameter(c.propertyName, index)).join(', ')}) ` +
        `ON CONFLICT (${phone}) DO UPDATE SET ${columns
          .filter((c) => c.propertyName !== 'phone')
          .map((c) => `${q(c.databaseName)} = excluded.${q(c.databaseName)}`)
          .join(', ')} ` +
        `WHERE ${table}.${changedAt} <= excluded.${changedAt} ` +
        `AND (${table}.${messageId} IS NULL OR excluded.${messageId} IS NULL OR ${table}.${messageId} <> excluded.${messageId}) ` +
        `RETURNING ${phone}`;
    }
    const values = columns.map((c) => driver.preparePersistentValue(row[c.propertyName as keyof SmsOptOut], c));
    const written = (await this.optOuts.query(this.upsertSql, values)) as unknown[];
    return written.length > 0;
  }
}
