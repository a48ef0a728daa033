/** What a provider's receipt may say about a text: the final states, and the ones on the way. */
export const FINAL_RECEIPT_STATUSES = ['delivered', 'expired', 'failed', 'rejected'] as const;
export const INTERIM_RECEIPT_STATUSES = ['accepted', 'buffered', 'unknown'] as const;

export type FinalReceiptStatus = (typeof FINAL_RECEIPT_STATUSES)[number];
export type ReceiptStatus = FinalReceiptStatus | (typeof INTERIM_RECEIPT_STATUSES)[number];

export function isReceiptStatus(value: string): value is ReceiptStatus {
  return (
    (FINAL_RECEIPT_STATUSES as readonly string[]).includes(value) ||
    (INTERIM_RECEIPT_STATUSES as readonly string[]).includes(value)
  );
}

export function isFinalReceiptStatus(value: ReceiptStatus): value is FinalReceiptStatus {
  return (FINAL_RECEIPT_STATUSES as readonly string[]).includes(value);
}

/** A delivery receipt, in our words. */
export interface DeliveryReceipt {
  /** The provider's id of the text, as its send answer gave it. */
  providerMessageId: string | null;
  /** Our id of the text, echoed back by the provider (Vonage's `client-ref`). */
  reference: string | null;
  status: ReceiptStatus;
  /** Why it was not delivered, readable (for `error`); null when it was. */
  reason: string | null;
  /** When the provider reported it, by its clock: receipts are ordered by this. */
  reportedAt: Date;
}

/** What became of a receipt. */
export type ReceiptOutcome =
  /** The text's row now says what the receipt said. */
  | 'applied'
  /** A duplicate, an older receipt than the one applied, or a text that was never sent. */
  | 'ignored'
  /** No text has this id. */
  | 'unknown'
  /** The text is still being handed to the provider: the receipt must come again later. */
  | 'too-early';
