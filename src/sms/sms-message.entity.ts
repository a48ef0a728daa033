import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';
import { CallOriginated } from '../database/tenant-owned.entity';

/**
 * sending: handed to the provider, no answer yet; sent: the provider accepted it;
 * failed: refused or unreachable (see `error`); logged: SMS_PROVIDER=log, nothing was sent.
 */
export const SMS_STATUSES = ['sending', 'sent', 'failed', 'logged'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

@Entity('sms_messages')
@Index(['tenantId', 'createdAt'])
export class SmsMessage extends CallOriginated {
  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  toPhone: string;

  @Column({ type: 'text' })
  body: string;

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

  @Column({ type: 'varchar', length: 100, nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
