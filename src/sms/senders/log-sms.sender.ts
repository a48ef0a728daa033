import { Injectable, Logger } from '@nestjs/common';

import { maskPhoneNumbers } from '../../logging/mask-phone-numbers';
import { OutgoingSms, SmsReceipt, SmsSender } from './sms-sender';

/** SMS_PROVIDER=log: records each message and sends nothing (development, demos). */
@Injectable()
export class LogSmsSender implements SmsSender {
  readonly name = 'log';
  readonly delivers = false;
  private readonly logger = new Logger('SmsProvider');

  constructor() {
    this.logger.warn('SMS_PROVIDER=log: text messages are recorded but NOT sent to anyone.');
  }

  send(sms: OutgoingSms): Promise<SmsReceipt> {
    this.logger.log(
      `Not sent (SMS_PROVIDER=log): SMS ${sms.reference} to ${maskPhoneNumbers(sms.to)}, ${sms.text.length} characters.`,
    );
    return Promise.resolve({ providerMessageId: null });
  }
}
