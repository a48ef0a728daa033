import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';

import { CallOriginated } from '../database/call-originated.entity';

/**
 * The outbox lifecycle of a text:
 * - queued: waiting for its first or next attempt (`nextAttemptAt`);
 * - sending: claimed by one app instance until `leaseExpiresAt`;
 * - sent: the provider accepted it; then a delivery receipt may make it delivered, failed,
 *   expired or rejected;
 * - failed: refused, or still failing after the last attempt (see `error`);
 * - blocked: never sent: the destination is refused (SMS destination policy), the recipient
 *   opted out, or a sending cap was reached;
 * - logged: SMS_PROVIDER=log, recorded and not sent.
 */
export const SMS_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'expired',
  'rejected',
  'failed',
  'blocked',
  'logged',
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

@Entity('sms_messages')
@Index(['tenantId', 'createdAt'])
@Index(['status', 'nextAttemptAt'])
// The platform-wide hourly ceiling sums the last hour of every tenant.
@Index(['createdAt'])
export class SmsMessage extends CallOriginated {
  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  toPhone: string;

  @Column({ type: 'text' })
  body: string;

  /** Billed SMS segments of `body` (GSM-7 or UCS-2, see sms-segments.ts): what the caps count. */
  @Column({ type: 'integer', default: 1 })
  segments: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  purpose: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  callerName: string | null;

  /** `voice_agent` for tool calls, else the id of the staff user who sent it. */
  @Column({ type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ type: 'varchar', length: 20 })
  status: SmsStatus;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  /** Provider attempts made so far. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When a queued text is due. */
  @Column({ type: Date, nullable: true })
  nextAttemptAt: Date | null;

  /** The app instance sending it, and until when (a crashed instance's claim lapses). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  /** The last delivery receipt applied: the provider's status and its own timestamp. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  receiptStatus: string | null;

  @Column({ type: Date, nullable: true })
  receiptAt: Date | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
