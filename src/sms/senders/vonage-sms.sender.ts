import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Vonage } from '@vonage/server-sdk';

import { EnvironmentVariables } from '../../config/environment';
import { SmsSendError } from './sms-send.error';
import { OutgoingSms, SmsReceipt, SmsSender } from './sms-sender';

// Vonage SMS API statuses worth another try: throttled, internal error, too many binds.
// https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms
const TRANSIENT_STATUSES = new Set(['1', '5', '10']);

interface FailedMessage {
  status?: string;
  errorText?: string;
}

/** Sends through Vonage's SMS API with the official SDK; REST host and timeout come from config. */
@Injectable()
export class VonageSmsSender implements SmsSender {
  readonly name = 'vonage';
  readonly delivers = true;
  private readonly client: Vonage;
  private readonly from: string;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    const restHost = config.get('VONAGE_REST_HOST', { infer: true });
    this.client = new Vonage(
      {
        apiKey: config.get('VONAGE_API_KEY', { infer: true }) ?? '',
        apiSecret: config.get('VONAGE_API_SECRET', { infer: true }) ?? '',
      },
      {
        timeout: config.get('SMS_TIMEOUT_MS', { infer: true }),
        ...(restHost && { restHost: restHost.replace(/\/+$/, '') }),
      },
    );
    this.from = config.get('VONAGE_FROM', { infer: true }) ?? '';
  }

  async send(sms: OutgoingSms): Promise<SmsReceipt> {
    try {
      const response = await this.client.sms.send({
        to: sms.to.replace(/^\+/, ''),
        from: this.from,
        text: sms.text,
        clientRef: sms.reference,
        // GSM-7 cannot carry accents or emoji; unicode keeps "José" intact.
        ...(/[^\x20-\x7e\n\r]/.test(sms.text) && { type: 'unicode' as never }),
      });
      return { providerMessageId: response.messages[0]?.messageId ?? null };
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): SmsSendError {
    const response = (error as { response?: { messages?: FailedMessage[]; status?: number } }).response;
    const failed = response?.messages?.[0];
    if (failed) {
      const status = String(failed.status ?? '');
      return new SmsSendError(
        `Vonage refused the message: status ${status} (${failed.errorText ?? 'no reason given'})`,
        TRANSIENT_STATUSES.has(status),
      );
    }
    if (typeof response?.status === 'number') {
      return new SmsSendError(
        `Vonage answered HTTP ${response.status}`,
        response.status >= 500 || response.status === 429,
      );
    }
    const name = (error as Error)?.name;
    if (name === 'AbortError' || name === 'TimeoutError')
      return new SmsSendError('Vonage did not answer in time', true);
    return new SmsSendError(`Vonage could not be reached: ${(error as Error)?.message ?? String(error)}`, true);
  }
}
