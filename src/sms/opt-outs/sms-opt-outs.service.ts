import { Injectable, Logger } from '@nestjs/common';

import { maskPhoneNumbers } from '../../logging/mask-phone-numbers';
import { InboundSms, OptOutOutcome } from './inbound-sms';
import { readOptOutKeyword } from './opt-out-keyword';
import { SmsOptOutsRepository } from './sms-opt-outs.repository';

/** Which numbers said STOP (and which said START again). */
@Injectable()
export class SmsOptOutsService {
  private readonly logger = new Logger(SmsOptOutsService.name);

  constructor(private readonly optOuts: SmsOptOutsRepository) {}

  /** True when the number's latest keyword opted it out. `phone` is E.164. */
  async isOptedOut(phone: string): Promise<boolean> {
    return this.optOuts.isOptedOut(phone);
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
    const changed = await this.optOuts.upsertIfNewer({
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
}
