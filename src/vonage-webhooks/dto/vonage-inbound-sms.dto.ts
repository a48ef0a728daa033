import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A Vonage SMS API inbound message, JSON or form-encoded, as Vonage sends it. Documentation
 * only: the guard verifies the parameters as sent, and unknown ones are kept (they are signed).
 */
export class VonageInboundSmsDto {
  @ApiPropertyOptional({ description: 'The sender, digits without +', example: '17865550111' })
  msisdn?: string;

  @ApiPropertyOptional({ description: 'Our virtual number', example: '12015550123' })
  to?: string;

  @ApiPropertyOptional({ description: "Vonage's id of the message: a re-delivery carries the same one" })
  messageId?: string;

  @ApiPropertyOptional({
    description: 'STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT opt out; START, UNSTOP opt in',
    example: 'STOP',
  })
  text?: string;

  @ApiPropertyOptional({ description: "Vonage's reading of the first word" })
  keyword?: string;

  @ApiPropertyOptional({
    name: 'message-timestamp',
    description: 'UTC, YYYY-MM-DD HH:MM:SS: an older message never undoes a newer one',
    example: '2025-01-31 14:05:09',
  })
  'message-timestamp'?: string;

  @ApiPropertyOptional({ description: 'Unix seconds; required, within 5 minutes, when signed' })
  timestamp?: string;

  @ApiPropertyOptional({ description: 'Vonage’s signature over every other parameter (VONAGE_SIGNATURE_SECRET)' })
  sig?: string;
}
