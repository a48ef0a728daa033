import { Column, Entity, Index } from 'typeorm';

import { CallOriginated } from '../database/call-originated.entity';

export type RecordChangeAction = 'create' | 'update' | 'delete';

/**
 * Who changed which record, when, and what changed: one row per create, update or delete, by a
 * staff user or by the voice agent during a call (then `callId` is set).
 */
@Entity('record_changes')
@Index(['recordType', 'recordId'])
@Index(['tenantId', 'createdAt'])
export class RecordChange extends CallOriginated {
  /** lead, message, appointment, policy, sms, user, tenant, webhook_key. */
  @Column({ type: 'varchar', length: 30 })
  recordType: string;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Column({ type: 'varchar', length: 10 })
  action: RecordChangeAction;

  /** `user` (a staff user, `actorId` its id) or `voice_agent` (a tool call, `callId` set). */
  @Column({ type: 'varchar', length: 20 })
  actorType: 'user' | 'voice_agent';

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** The fields the change set, with their new values (never a secret). */
  @Column({ type: 'json', nullable: true })
  changes: Record<string, unknown> | null;
}
