import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { SmsMessage, SmsStatus } from '../sms-message.entity';
import { DeliveryReceipt, isFinalReceiptStatus } from './delivery-receipt';

/** Statuses a final receipt may replace: the text was sent, and perhaps already has a final receipt. */
const ANSWERABLE: readonly SmsStatus[] = ['sent', 'delivered', 'expired', 'rejected'];

/** The conditional writes of delivery receipts on texts: each one UPDATE, safe when two arrive at once. */
@Injectable()
export class SmsDeliveryReceiptsRepository {
  constructor(@InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>) {}

  /**
   * Applies a receipt to a sent text unless it is older than the one applied or says nothing new;
   * a final one also sets the text's status, an interim one applies only while it is `sent`.
   * True when the text changed.
   */
  async applyReceipt(id: string, receipt: DeliveryReceipt): Promise<boolean> {
    const { status } = receipt;
    const final = isFinalReceiptStatus(status);
    const { affected } = await this.messages
      .createQueryBuilder()
      .update(SmsMessage)
      .set({ receiptStatus: status, receiptAt: receipt.reportedAt, ...(final && { status, error: receipt.reason }) })
      .where('"id" = :id', { id })
      .andWhere(
        final
          ? `("status" IN (:...answerable) OR ("status" = 'failed' AND "receiptStatus" IS NOT NULL))`
          : `"status" = 'sent'`,
        {
          answerable: ANSWERABLE,
        },
      )
      .andWhere('("receiptAt" IS NULL OR "receiptAt" <= :reportedAt)', { reportedAt: receipt.reportedAt })
      .andWhere('("receiptStatus" IS NULL OR "receiptStatus" <> :receiptStatus)', { receiptStatus: receipt.status })
      .execute();
    return Boolean(affected);
  }

  /** Records a text still queued for a retry as sent, by the receipt's word. True when it was queued. */
  async recordAsSent(id: string, receipt: DeliveryReceipt): Promise<boolean> {
    const { affected } = await this.messages
      .createQueryBuilder()
      .update(SmsMessage)
      .set({
        status: 'sent',
        providerMessageId: receipt.providerMessageId,
        sentAt: new Date(),
        nextAttemptAt: null,
        error: null,
      })
      .where(`"id" = :id AND "status" = 'queued'`, { id })
      .execute();
    return Boolean(affected);
  }
}
