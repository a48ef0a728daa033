import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { EnvironmentVariables } from '../../config/environment';
import { SmsSendError } from '../senders/sms-send.error';
import { SMS_SENDER, SmsSender } from '../senders/sms-sender';
import { SmsMessage } from '../sms-message.entity';
import { retryDelayMs } from './retry-delay';

/**
 * How an attempt ended: `queued`, a transient failure that will be tried again; `gave_up`, a
 * transient failure on the last attempt; `refused`, a permanent failure (the row is `failed`).
 */
export type AttemptOutcome = 'sent' | 'logged' | 'queued' | 'gave_up' | 'refused';

// How long to keep retrying the write of a provider's acceptance when the database is away.
const FINALIZE_RETRY_MS = [100, 250, 500, 1000, 2000, 4000, 8000];

/**
 * The persisted outbox every text goes through. A text is a row before it leaves; an app
 * instance claims it with a lease (one atomic UPDATE, so two instances never hold the same row),
 * makes one attempt, and records the end: sent, queued again after a backoff (transient
 * failures, up to SMS_MAX_ATTEMPTS), or failed. A claim whose instance died lapses with its
 * lease, and another instance takes the row over.
 */
@Injectable()
export class SmsOutbox {
  private readonly logger = new Logger(SmsOutbox.name);
  /** This instance, as written in `leaseOwner`. */
  readonly instanceId = `${hostname().slice(0, 30)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  /** Acceptances whose write is being retried; shutdown waits for them. */
  private readonly finalizing = new Set<Promise<void>>();

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.leaseMs = config.get('SMS_LEASE_MS', { infer: true });
    this.maxAttempts = config.get('SMS_MAX_ATTEMPTS', { infer: true });
    this.retryBaseMs = config.get('SMS_RETRY_BASE_MS', { infer: true });
  }

  get providerName(): string {
    return this.sender.name;
  }

  /** The outbox fields of a new text, claimed by this instance for its first attempt. */
  claimedForFirstAttempt(
    now = new Date(),
  ): Pick<SmsMessage, 'status' | 'attempts' | 'nextAttemptAt' | 'leaseOwner' | 'leaseExpiresAt'> {
    return {
      status: 'sending',
      attempts: 1,
      nextAttemptAt: now,
      leaseOwner: this.instanceId,
      leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
    };
  }

  /**
   * Claims up to `limit` due texts for this instance: queued ones whose time has come, and ones
   * whose sender's lease has lapsed. One statement: SKIP LOCKED on PostgreSQL lets instances
   * claim side by side without waiting on each other; SQLite runs one writer at a time.
   */
  async claimDue(limit: number): Promise<SmsMessage[]> {
    const connection = this.messages.manager.connection;
    const driver = connection.driver;
    const metadata = this.messages.metadata;
    const column = (property: string) => driver.escape(metadata.findColumnWithPropertyName(property)!.databaseName);
    const when = (date: Date) =>
      driver.preparePersistentValue(date, metadata.findColumnWithPropertyName('nextAttemptAt')!) as unknown;
    const postgres = driver.options.type === 'postgres';
    let index = 0;
    const parameter = () => (postgres ? `$${++index}` : '?');
    const now = new Date();
    const table = driver.escape(metadata.tableName);
    const [id, status, nextAttemptAt, leaseExpiresAt] = ['id', 'status', 'nextAttemptAt', 'leaseExpiresAt'].map(column);
    const sql =
      `UPDATE ${table} SET ${status} = 'sending', ${column('leaseOwner')} = ${parameter()}, ${leaseExpiresAt} = ${parameter()}, ` +
      `${column('attempts')} = ${column('attempts')} + 1, ${column('updatedAt')} = ${parameter()} ` +
      `WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE (${status} = 'queued' AND ${nextAttemptAt} <= ${parameter()}) ` +
      `OR (${status} = 'sending' AND ${leaseExpiresAt} < ${parameter()}) ORDER BY ${nextAttemptAt} LIMIT ${parameter()}${postgres ? ' FOR UPDATE SKIP LOCKED' : ''}) ` +
      `RETURNING ${id}`;
    const runner = connection.createQueryRunner();
    let ids: string[];
    try {
      const result = await runner.query(
        sql,
        [this.instanceId, when(new Date(now.getTime() + this.leaseMs)), when(now), when(now), when(now), limit],
        true,
      );
      ids = ((result.records ?? []) as Array<{ id: string }>).map((row) => row.id);
    } finally {
      await runner.release();
    }
    if (ids.length === 0) return [];
    return this.messages.find({ where: { id: In(ids), leaseOwner: this.instanceId } });
  }

  /** One provider attempt for a text this instance holds, and its recorded end. */
  async attempt(sms: SmsMessage): Promise<AttemptOutcome> {
    try {
      const receipt = await this.sender.send({ to: sms.toPhone, text: sms.body, reference: sms.id });
      const outcome: AttemptOutcome = this.sender.delivers ? 'sent' : 'logged';
      Object.assign(sms, {
        status: outcome,
        providerMessageId: receipt.providerMessageId,
        sentAt: new Date(),
        error: null,
        nextAttemptAt: null,
      });
      await this.recordAcceptance(sms);
      return outcome;
    } catch (error) {
      if (!(error instanceof SmsSendError)) throw error;
      const retry = error.transient && sms.attempts < this.maxAttempts;
      const reason =
        error.transient && !retry ? `${error.message} (gave up after ${sms.attempts} attempts)` : error.message;
      this.logger.warn(
        `SMS ${sms.id} attempt ${sms.attempts} failed (${error.transient ? 'transient' : 'permanent'}): ${error.message}${retry ? '; will retry' : ''}`,
      );
      Object.assign(sms, {
        status: retry ? 'queued' : 'failed',
        error: reason,
        nextAttemptAt: retry ? new Date(Date.now() + retryDelayMs(sms.attempts, this.retryBaseMs)) : null,
      });
      await this.release(sms, { status: sms.status, error: sms.error, nextAttemptAt: sms.nextAttemptAt });
      if (retry) return 'queued';
      return error.transient ? 'gave_up' : 'refused';
    }
  }

  /** How many texts are due and how long the oldest has waited (readiness). */
  async backlog(): Promise<{ due: number; oldestDueSeconds: number }> {
    const now = Date.now();
    const due = await this.messages
      .createQueryBuilder('sms')
      .select('COUNT(*)', 'count')
      .addSelect('MIN(sms.nextAttemptAt)', 'oldest')
      .where("sms.status = 'queued' AND sms.nextAttemptAt <= :now", { now: new Date(now) })
      .orWhere("sms.status = 'sending' AND sms.leaseExpiresAt < :now", { now: new Date(now) })
      .getRawOne<{ count: string | number; oldest: string | Date | null }>();
    const oldest = due?.oldest ? parseDatabaseDate(due.oldest) : null;
    return {
      due: Number(due?.count ?? 0),
      oldestDueSeconds: oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : 0,
    };
  }

  /** Waits for acceptances still being written (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.finalizing]);
  }

  /**
   * The provider took the text: that is the truth the caller hears, whether or not the database
   * can record it right now. A failed write is retried in the background; if this instance dies
   * before it lands, the lease lapses and the text is sent again (at-least-once).
   */
  private async recordAcceptance(sms: SmsMessage): Promise<void> {
    const changes = {
      status: sms.status,
      providerMessageId: sms.providerMessageId,
      sentAt: sms.sentAt,
      error: null,
      nextAttemptAt: null,
    };
    try {
      await this.release(sms, changes);
      return;
    } catch (error) {
      this.logger.error(
        `SMS ${sms.id} was accepted by the provider; recording it failed and will be retried: ${(error as Error).message}`,
      );
    }
    const retry = (async () => {
      for (const delay of FINALIZE_RETRY_MS) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          await this.release(sms, changes);
          return;
        } catch {
          // Tried again after the next delay; the last failure is reported below.
        }
      }
      this.logger.error(
        `SMS ${sms.id} was accepted by the provider but could not be recorded; its lease will lapse and it may be sent again.`,
      );
    })();
    this.finalizing.add(retry);
    void retry.finally(() => this.finalizing.delete(retry));
  }

  /** Records an attempt's end and gives the row up, if this instance still holds it. */
  private async release(sms: SmsMessage, changes: QueryDeepPartialEntity<SmsMessage>): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update()
      .set({ ...changes, leaseOwner: null, leaseExpiresAt: null })
      .where('id = :id AND leaseOwner = :owner', { id: sms.id, owner: this.instanceId })
      .execute();
    Object.assign(sms, { leaseOwner: null, leaseExpiresAt: null });
  }
}

/** A timestamp as an aggregate returns it: a Date (PostgreSQL) or UTC text (SQLite). */
function parseDatabaseDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
