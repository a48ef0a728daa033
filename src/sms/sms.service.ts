import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { requesterOf } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import { maskPhoneNumbers } from '../logging/mask-phone-numbers';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { ListSmsQueryDto } from './dto/list-sms-query.dto';
import { OutgoingSmsRequest } from './dto/outgoing-sms-request';
import { SmsOptOutsService } from './opt-outs/sms-opt-outs.service';
import { AttemptOutcome, SmsOutboxService } from './outbox/sms-outbox.service';
import { SmsMessage } from './sms-message.entity';
import { SmsSendingLimitsService } from './sms-sending-limits.service';

/** What became of a request to text someone. */
export type SmsOutcome = AttemptOutcome | 'opted_out' | 'capped';

/**
 * Every text is a row before it leaves (the outbox, SmsOutboxService), and the row ends with the
 * provider's answer: its message id, a retry time, or the reason it failed. A provider failure
 * is an outcome, never an exception. Numbers that opted out and texts over the tenant's caps
 * are recorded as `blocked` and never leave.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly outbox: SmsOutboxService,
    private readonly optOuts: SmsOptOutsService,
    private readonly limits: SmsSendingLimitsService,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
  ) {}

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
   */
  async send(scope: TenantScope, request: OutgoingSmsRequest): Promise<{ sms: SmsMessage; outcome: SmsOutcome }> {
    const tenantId = tenantForCreate(scope);
    const { toPhone } = request;
    const refusal = (await this.optOuts.isOptedOut(toPhone))
      ? { outcome: 'opted_out' as const, reason: 'the recipient opted out of texts (STOP)' }
      : await this.limits
          .refusal(tenantId, request.callId ?? null)
          .then((reason) => reason && { outcome: 'capped' as const, reason });
    if (refusal)
      this.logger.warn(
        `SMS to ${maskPhoneNumbers(toPhone)} not sent: ${refusal.reason} (call ${request.callId ?? '-'}).`,
      );
    const sms = await insertRecord(this.messages, {
      tenantId,
      callId: request.callId ?? null,
      toPhone,
      body: request.body,
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
    });
    const outcome = refusal ? refusal.outcome : await this.outbox.attempt(sms);
    await this.changes.record({
      tenantId: sms.tenantId,
      recordType: 'sms',
      recordId: sms.id,
      action: 'create',
      actor: request.actor,
      changes: { toPhone: sms.toPhone, status: sms.status },
    });
    return { sms, outcome };
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
