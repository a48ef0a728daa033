import type { SmsOutcome } from './sms.service';
import { DESTINATION_REFUSED } from './sms-destinations';
import type { SmsMessage } from './sms-message.entity';

/**
 * What a recorded text's request came to, read from its row as it stands now: for reporting a
 * text that an earlier request made (a re-delivered tool call whose first delivery died) without
 * sending it again. A text the provider accepted is `sent` whatever its receipt said later; one
 * still waiting for the outbox (or held by an instance that died) is `queued`.
 */
export function recordedSmsOutcome(sms: Pick<SmsMessage, 'status' | 'error'>): SmsOutcome {
  switch (sms.status) {
    case 'sent':
    case 'delivered':
    case 'expired':
    case 'rejected':
      return 'sent';
    case 'logged':
      return 'logged';
    case 'queued':
    case 'sending':
      return 'queued';
    case 'blocked':
      if (sms.error?.startsWith(DESTINATION_REFUSED)) return 'destination_refused';
      return sms.error?.includes('opted out') ? 'opted_out' : 'capped';
    case 'failed':
      return sms.error?.includes('gave up') ? 'gave_up' : 'refused';
  }
}
