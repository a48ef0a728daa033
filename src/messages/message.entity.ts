import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';

import { CallOriginated } from '../database/call-originated.entity';

/** A message a caller left for staff through the voice agent. */
@Entity('messages')
@Index(['tenantId', 'createdAt'])
export class Message extends CallOriginated {
  @Column({ type: 'varchar', length: 200 })
  callerName: string;

  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  callerPhone: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  forPerson: string | null;

  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  /** As the caller said it ("after 5pm", "tomorrow morning"). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  callbackPreferredTime: string | null;

  @Column({ type: 'boolean', default: false })
  handled: boolean;

  @Column({ type: Date, nullable: true })
  handledAt: Date | null;

  /** Id of the staff user who marked it handled. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  handledBy: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
