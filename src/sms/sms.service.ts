import { Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { requesterOf } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { EnvironmentVariables } from '../config/environment';
import { insertRecord } from '../database/insert-record';
import type { WriteOptions } from '../database/pending-writes';
import { maskPhoneNumbers } from '../logging/mask-phone-numbers';
import { MetricsService } from '../metrics/metrics.service';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { ListSmsQueryDto } from './dto/list-sms-query.dto';
import { OutgoingSmsRequest } from './dto/outgoing-sms-request';
import { SmsOptOutsService } from './opt-outs/sms-opt-outs.service';
import { AttemptOutcome, SmsOutboxService } from './outbox/sms-outbox.service';
import { smsDestinationRefusal } from './sms-destinations';
import { SmsMessage } from './sms-message.entity';
import { smsSegments } from './sms-segments';
import { SmsSendingLimitsService } from './sms-sending-limits.service';

/**
 * What became of a request to text someone. `destination_refused`: the number is one we never
 * text (premium rate, shared cost, unclassifiable) or outside the tenant's SMS countries.
 */
export type SmsOutcome = AttemptOutcome | 'destination_refused' | 'opted_out' | 'capped';

/**
 * Every text is a row before it leaves (the outbox, SmsOutboxService), and the row ends with the
 * provider's answer: its message id, a retry time, or the reason it failed. A provider failure
 * is an outcome, never an exception. Refused destinations (smsDestinationRefusal: number types
 * never texted, countries the tenant may not text), numbers that opted out and texts over the
 * caps (SmsSendingLimitsService, in billed segments) are recorded as `blocked` with the reason
 * in `error`, and never leave. The same rules hold for the voice agent and staff alike.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);
  private readonly defaultCountry: string;

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly outbox: SmsOutboxService,
    private readonly optOuts: SmsOptOutsService,
    private readonly limits: SmsSendingLimitsService,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
    config: ConfigService<EnvironmentVariables, true>,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.defaultCountry = config.get('DEFAULT_COUNTRY', { infer: true });
  }

  /** A text a staff user sends: their number (any written form) is read in the tenant's country. */
  async sendForStaff(
    scope: TenantScope,
    request: OutgoingSmsRequest,
  ): Promise<{ sms: SmsMessage; outcome: SmsOutcome }> {
    const tenant = await this.tenants.findCached(tenantForCreate(scope));
    const toPhone = this.phones.requireE164(request.toPhone, 'toPhone', tenant?.defaultCountry);
    return this.send(scope, { ...request, toPhone });
  }

  /**
   * Records the text (`request.toPhone`: E.164) and makes its first attempt now; the outbox
   * retries transient failures.
   *
   * With `writes`, a refused text's row joins that unit of work: it never leaves, so nothing
   * depends on its being written first. A text that leaves is written at once, whatever `writes`:
   * its row must exist before the provider sees it, and its outcome as soon as the provider
   * answers (a row left `sending` would be sent again by the outbox once its lease lapses).
   */
  async send(
    scope: TenantScope,
    request: OutgoingSmsRequest,
    { writes }: WriteOptions = {},
  ): Promise<{ sms: SmsMessage; outcome: SmsOutcome }> {
    const tenantId = tenantForCreate(scope);
    const { toPhone } = request;
    const segments = smsSegments(request.body);
    const refusal = await this.refusal(tenantId, request, segments);
    if (refusal)
      this.logger.warn(
        `SMS to ${maskPhoneNumbers(toPhone)} not sent: ${refusal.reason} (call ${request.callId ?? '-'}).`,
      );
    const sms = await insertRecord(
      this.messages,
      {
        tenantId,
        callId: request.callId ?? null,
        toPhone,
        body: request.body,
        segments,
        purpose: request.purpose ?? null,
        callerName: request.callerName ?? null,
        requestedBy: requesterOf(request.actor),
        provider: this.outbox.providerName,
        providerMessageId: null,
        sentAt: null,
        receiptStatus: null,
        receiptAt: null,
        ...(refusal
          ? {
              status: 'blocked' as const,
              error: refusal.reason,
              attempts: 0,
              nextAttemptAt: null,
              leaseOwner: null,
              leaseExpiresAt: null,
            }
          : { ...this.outbox.claimedForFirstAttempt(), error: null }),
      },
      refusal ? writes : undefined,
    );
    // Attempts are counted by the outbox; a text refused before any attempt, here.
    if (refusal) this.metrics?.smsOutcome(refusal.outcome);
    const outcome = refusal ? refusal.outcome : await this.outbox.attempt(sms);
    await this.changes.record(
      {
        tenantId: sms.tenantId,
        recordType: 'sms',
        recordId: sms.id,
        action: 'create',
        actor: request.actor,
        changes: { toPhone: sms.toPhone, status: sms.status },
      },
      { writes },
    );
    return { sms, outcome };
  }

  /** Why this text may not leave, checked in order of cost: destination, opt-out, caps; null when it may. */
  private async refusal(
    tenantId: string | null,
    request: OutgoingSmsRequest,
    segments: number,
  ): Promise<{ outcome: Exclude<SmsOutcome, AttemptOutcome>; reason: string } | null> {
    const tenant = await this.tenants.findCached(tenantId);
    const countries = tenant?.smsAllowedCountries ?? [tenant?.defaultCountry ?? this.defaultCountry];
    const destination = smsDestinationRefusal(request.toPhone, countries);
    if (destination) return { outcome: 'destination_refused', reason: destination };
    if (await this.optOuts.isOptedOut(request.toPhone))
      return { outcome: 'opted_out', reason: 'the recipient opted out of texts (STOP)' };
    const capped = await this.limits.refusal({
      tenantId,
      callId: request.callId ?? null,
      toPhone: request.toPhone,
      byVoiceAgent: request.actor.kind === 'voice_agent',
      segments,
    });
    return capped ? { outcome: 'capped', reason: capped } : null;
  }

  async list(scope: TenantScope, query: ListSmsQueryDto): Promise<Page<SmsMessage>> {
    const base: FindOptionsWhere<SmsMessage> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.call_id && { callId: query.call_id }),
    };
    const where = searchConditions(base, query.q, ['callerName', 'body'], ['toPhone']);
    return toPage(
      await this.messages.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  findByCall(scope: TenantScope, callId: string): Promise<SmsMessage[]> {
    return this.messages.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<SmsMessage> {
    return findInTenant(this.messages, scope, id, 'SMS');
  }
}
