import type { InboundSms } from '../sms/opt-outs/inbound-sms';
import type { VonageParams } from './vonage-params';
import { vonageEventTime } from './vonage-timestamp';

/**
 * A Vonage SMS API inbound message (`msisdn`, `to`, `messageId`, `text`, `keyword`,
 * `message-timestamp`, …) in our words; null when the sender is not a phone number (an
 * alphanumeric sender id cannot opt out).
 */
export function readInboundSms(params: VonageParams, receivedAt: Date): InboundSms | null {
  const digits = params.msisdn?.trim().replace(/^\+/, '') ?? '';
  if (!/^\d{6,15}$/.test(digits)) return null;
  return {
    phone: `+${digits}`,
    // Binary messages have no text; Vonage's own `keyword` (the first word) is the fallback.
    text: params.text ?? params.keyword ?? '',
    providerMessageId: params.messageId?.trim().slice(0, 100) || null,
    sentAt: vonageEventTime(params, receivedAt),
  };
}
