export interface OutgoingSms {
  /** E.164. */
  to: string;
  text: string;
  /** Our id, echoed back by the provider in receipts. */
  reference: string;
}

export interface SmsReceipt {
  providerMessageId: string | null;
}

/** A provider that delivers SMS. Throws SmsSendError when the message was not accepted. */
export interface SmsSender {
  readonly name: string;
  /** False when the sender records messages instead of sending them. */
  readonly delivers: boolean;
  send(sms: OutgoingSms): Promise<SmsReceipt>;
}

export const SMS_SENDER = Symbol('SMS_SENDER');
