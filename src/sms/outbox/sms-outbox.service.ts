import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { EnvironmentVariables } from '../../config/environment';
import { MetricsService } from '../../metrics/metrics.service';
import { SmsSendError } from '../senders/sms-send.error';
import { SMS_SENDER, SmsSender } from '../senders/sms-sender';
import { SmsMessage } from '../sms-message.entity';
import { retryDelayMs } from './retry-delay';
import { SmsOutboxRepository } from './sms-outbox.repository';

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
export class SmsOutboxService {
  // The log context operators know, kept when the class was renamed.
  private readonly logger = new Logger('SmsOutbox');
  /** This instance, as written in `leaseOwner`. */
  readonly instanceId = `${hostname().slice(0, 30)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  /** Acceptances whose write is being retried; shutdown waits for them. */
  private readonly finalizing = new Set<Promise<void>>();

  constructor(
    private readonly repository: SmsOutboxRepository,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
    config: ConfigService<EnvironmentVariables, true>,
    @Optional() private readonly metrics?: MetricsService,
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
    const now = new Date();
    return this.repository.claimDue(this.instanceId, new Date(now.getTime() + this.leaseMs), limit, now);
  }

  /** One provider attempt for a text this instance holds, and its recorded end (counted in the metrics). */
  async attempt(sms: SmsMessage): Promise<AttemptOutcome> {
    const outcome = await this.attemptOnce(sms);
    this.metrics?.smsOutcome(outcome);
    return outcome;
  }

  private async attemptOnce(sms: SmsMessage): Promise<AttemptOutcome> {
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
    const { due, oldest } = await this.repository.backlog(new Date(now));
    return { due, oldestDueSeconds: oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : 0 };
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
    await this.repository.release(sms.id, this.instanceId, changes);
    Object.assign(sms, { leaseOwner: null, leaseExpiresAt: null });
  }
}
