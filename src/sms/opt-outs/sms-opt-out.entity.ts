import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A phone number's answer to our texts: STOP-style keywords opt it out, START/UNSTOP opt it
 * back in. Kept per number, not per tenant: every tenant texts from the same sender, so a STOP
 * reaches all of them, as carriers expect.
 */
@Entity('sms_opt_outs')
export class SmsOptOut {
  /** E.164. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'boolean' })
  optedOut: boolean;

  /** The keyword that made the last change, as the person sent it (upper-cased). */
  @Column({ type: 'varchar', length: 20 })
  keyword: string;

  /** The provider's id of that inbound message (a re-delivered one changes nothing). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  providerMessageId: string | null;

  /** When the person sent it, by the provider's clock: an older message never undoes a newer one. */
  @Column({ type: Date })
  changedAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
