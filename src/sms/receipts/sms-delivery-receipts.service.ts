import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { SmsMessage } from '../sms-message.entity';
import { DeliveryReceipt, ReceiptOutcome } from './delivery-receipt';
import { SmsDeliveryReceiptsRepository } from './sms-delivery-receipts.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies providers' delivery receipts to texts. Providers re-send receipts and do not keep
 * their order, so each is applied by one conditional UPDATE, safe when two arrive at once:
 * - only to a text that was sent (never to one that failed to send, was blocked or only logged);
 * - only when it is not older than the receipt already applied (`receiptAt`), and says
 *   something new (the same status again changes nothing);
 * - a final status (delivered, expired, failed, rejected) sets the text's status; an interim one
 *   (accepted, buffered, unknown) is only noted, and only while the text is still `sent`, so it
 *   never undoes a final one.
 */
@Injectable()
export class SmsDeliveryReceiptsService {
  private readonly logger = new Logger(SmsDeliveryReceiptsService.name);

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly receipts: SmsDeliveryReceiptsRepository,
  ) {}

  async apply(receipt: DeliveryReceipt): Promise<ReceiptOutcome> {
    const sms = await this.find(receipt);
    if (!sms) {
      this.logger.warn(
        `Delivery receipt "${receipt.status}" for no known text (message id ${receipt.providerMessageId ?? 'none'}); ignored`,
      );
      return 'unknown';
    }
    // A text queued for a retry after a timeout that did reach the provider: it went out, so
    // the retry must not send it again. Recorded as sent, then the receipt applies as usual.
    if (sms.status === 'queued' && (await this.recordAsSent(sms.id, receipt))) sms.status = 'sent';
    // The provider answered the send, but our row does not say so yet: it must not be lost.
    if (sms.status === 'queued' || sms.status === 'sending') {
      this.logger.log(
        `Delivery receipt "${receipt.status}" for SMS ${sms.id} arrived while it is ${sms.status}; asking for it again later`,
      );
      return 'too-early';
    }
    if (!(await this.receipts.applyReceipt(sms.id, receipt))) {
      this.logger.debug(
        `Delivery receipt "${receipt.status}" for SMS ${sms.id} ignored: a duplicate, out of order, or the text was not sent`,
      );
      return 'ignored';
    }
    this.logger.log(`SMS ${sms.id} delivery receipt: ${receipt.status}`);
    return 'applied';
  }

  private async recordAsSent(id: string, receipt: DeliveryReceipt): Promise<boolean> {
    const affected = await this.receipts.recordAsSent(id, receipt);
    if (affected)
      this.logger.warn(`SMS ${id} was queued for a retry but the provider reports it sent; it will not be sent again`);
    return affected;
  }

  /** By the provider's id; failing that, by our own id echoed back. */
  private async find(receipt: DeliveryReceipt): Promise<Pick<SmsMessage, 'id' | 'status'> | null> {
    const select = { id: true, status: true } as const;
    if (receipt.providerMessageId) {
      const byProviderId = await this.messages.findOne({
        where: { providerMessageId: receipt.providerMessageId },
        select,
      });
      if (byProviderId) return byProviderId;
    }
    if (receipt.reference && UUID.test(receipt.reference))
      return this.messages.findOne({ where: { id: receipt.reference.toLowerCase() }, select });
    return null;
  }
}
