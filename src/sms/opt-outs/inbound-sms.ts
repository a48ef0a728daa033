/** A text someone sent to our number, in our words. */
export interface InboundSms {
  /** The sender, E.164. */
  phone: string;
  text: string;
  /** The provider's id of the message: a re-delivery carries the same one. */
  providerMessageId: string | null;
  /** When it was sent, by the provider's clock: messages are ordered by this. */
  sentAt: Date;
}

/** What an inbound text did to its sender's opt-out. */
export type OptOutOutcome = 'opted-out' | 'opted-in' | 'not-a-keyword' | 'ignored';
