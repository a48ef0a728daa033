import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { FINAL_RECEIPT_STATUSES, INTERIM_RECEIPT_STATUSES } from '../../sms/receipts/delivery-receipt';

/**
 * A Vonage SMS API delivery receipt, JSON or form-encoded, as Vonage sends it. Documentation
 * only: the guard verifies the parameters as sent, and unknown ones are kept (they are signed).
 */
export class VonageDeliveryReceiptDto {
  @ApiPropertyOptional({
    description: "Vonage's id of the text (the send answer's message-id)",
    example: '0A0000000123ABCD1',
  })
  messageId?: string;

  @ApiPropertyOptional({ description: 'The recipient, digits without +', example: '17865550111' })
  msisdn?: string;

  @ApiPropertyOptional({ description: 'Our sender id', example: 'VoiceCRM' })
  to?: string;

  @ApiProperty({ enum: [...FINAL_RECEIPT_STATUSES, ...INTERIM_RECEIPT_STATUSES] })
  status: string;

  @ApiPropertyOptional({ name: 'err-code', description: 'Non-zero when not delivered', example: '0' })
  'err-code'?: string;

  @ApiPropertyOptional({ name: 'client-ref', description: 'Our SMS id, sent with the text' })
  'client-ref'?: string;

  @ApiPropertyOptional({
    name: 'message-timestamp',
    description: 'UTC, YYYY-MM-DD HH:MM:SS: receipts are ordered by it',
    example: '2025-01-31 14:05:09',
  })
  'message-timestamp'?: string;

  @ApiPropertyOptional({ description: "The carrier's time, YYMMDDHHMM" })
  scts?: string;

  @ApiPropertyOptional({ description: 'Unix seconds; required, within 5 minutes, when signed' })
  timestamp?: string;

  @ApiPropertyOptional({ description: 'Vonage’s signature over every other parameter (VONAGE_SIGNATURE_SECRET)' })
  sig?: string;
}
