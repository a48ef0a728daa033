import { DeliveryReceipt, isReceiptStatus } from '../sms/receipts/delivery-receipt';
import type { VonageParams } from './vonage-params';
import { vonageEventTime } from './vonage-timestamp';

// https://api.support.vonage.com/hc/en-us/articles/204014733 (err-code of SMS API delivery receipts)
const ERROR_CODES: Readonly<Record<string, string>> = {
  '1': 'Unknown',
  '2': 'Absent Subscriber - Temporary',
  '3': 'Absent Subscriber - Permanent',
  '4': 'Call Barred by User',
  '5': 'Portability Error',
  '6': 'Anti-Spam Rejection',
  '7': 'Handset Busy',
  '8': 'Network Error',
  '9': 'Illegal Number',
  '10': 'Illegal Message',
  '11': 'Unroutable',
  '12': 'Destination Unreachable',
  '13': 'Subscriber Age Restriction',
  '14': 'Number Blocked by Carrier',
  '15': 'Pre-Paid Insufficient Funds',
  '99': 'General Error',
};

const ID_LENGTH = 100;

function given(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, ID_LENGTH) : null;
}

/**
 * A Vonage SMS API delivery receipt (`messageId`, `status`, `err-code`, `client-ref`,
 * `message-timestamp`, …) in our words; null when it names no text or no status we know.
 */
export function readDeliveryReceipt(params: VonageParams, receivedAt: Date): DeliveryReceipt | null {
  const status = params.status?.trim().toLowerCase() ?? '';
  const providerMessageId = given(params.messageId ?? params['message-id']);
  const reference = given(params['client-ref']);
  if (!isReceiptStatus(status) || (!providerMessageId && !reference)) return null;
  let reason: string | null = null;
  if (status === 'failed' || status === 'rejected' || status === 'expired') {
    const code = params['err-code']?.trim();
    const meaning = code ? ERROR_CODES[code] : undefined;
    reason = `Vonage delivery receipt: ${status}${code ? ` (err-code ${code.slice(0, 10)}${meaning ? `: ${meaning}` : ''})` : ''}`;
  }
  return { providerMessageId, reference, status, reason, reportedAt: vonageEventTime(params, receivedAt) };
}
