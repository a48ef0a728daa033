import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { insertRecord } from '../database/insert-record';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { ListSmsQueryDto } from './dto/list-sms-query.dto';
import { OutgoingSmsRequest } from './dto/outgoing-sms-request';
import { SmsSendError } from './senders/sms-send.error';
import { SMS_SENDER, SmsSender } from './senders/sms-sender';
import { SmsMessage } from './sms-message.entity';

/**
 * Every text is a row before it leaves, and the row ends with the provider's answer: its
 * message id, or the reason it failed. A provider failure is a `failed` row, never an exception.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
  ) {}

  /** The row as it ended, and whether a failure might succeed if tried again later. */
  async send(scope: TenantScope, request: OutgoingSmsRequest): Promise<{ sms: SmsMessage; retryable: boolean }> {
    const sms = await insertRecord(this.messages, {
      tenantId: tenantForCreate(scope),
      callId: request.callId ?? null,
      toPhone: this.phones.requireE164(request.toPhone, 'toPhone'),
      body: request.body,
      purpose: request.purpose ?? null,
      callerName: request.callerName ?? null,
      requestedBy: request.requestedBy,
      status: 'sending',
      provider: this.sender.name,
      providerMessageId: null,
      error: null,
      sentAt: null,
    });
    let retryable = false;
    try {
      const receipt = await this.sender.send({ to: sms.toPhone, text: sms.body, reference: sms.id });
      Object.assign(sms, { status: this.sender.delivers ? 'sent' : 'logged', providerMessageId: receipt.providerMessageId, sentAt: new Date() });
    } catch (error) {
      if (!(error instanceof SmsSendError)) throw error;
      this.logger.warn(`SMS ${sms.id} failed (${error.transient ? 'transient' : 'permanent'}): ${error.message}`);
      Object.assign(sms, { status: 'failed', error: error.message });
      retryable = error.transient;
    }
    await this.messages.update(sms.id, { status: sms.status, providerMessageId: sms.providerMessageId, sentAt: sms.sentAt, error: sms.error });
    if (request.requestedBy !== 'voice_agent') {
      await this.changes.record({
        tenantId: sms.tenantId,
        recordType: 'sms',
        recordId: sms.id,
        action: 'create',
        actor: { kind: 'user', userId: request.requestedBy },
        changes: { toPhone: sms.toPhone, status: sms.status },
      });
    }
    return { sms, retryable };
  }

  async list(scope: TenantScope, query: ListSmsQueryDto): Promise<Page<SmsMessage>> {
    const base: FindOptionsWhere<SmsMessage> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.call_id && { callId: query.call_id }),
    };
    const where = searchConditions(base, query.q, ['callerName', 'body'], ['toPhone']);
    return toPage(await this.messages.findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: query.limit, skip: query.offset }), query);
  }

  findByCall(scope: TenantScope, callId: string): Promise<SmsMessage[]> {
    return this.messages.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<SmsMessage> {
    return findInTenant(this.messages, scope, id, 'SMS');
  }
}
