import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';

import type { Actor } from '../common/tenancy/actor';
import { CallOriginated } from '../database/call-originated.entity';

/** The `source` of a lead the voice agent took, when the agent names none. */
export const VOICE_AGENT_SOURCE: Actor['kind'] = 'voice_agent';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

@Entity('leads')
@Index(['tenantId', 'createdAt'])
@Index(['tenantId', 'phone'])
@Index(['tenantId', 'email'])
export class Lead extends CallOriginated {
  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastName: string | null;

  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  company: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  interest: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** Where the lead came from: VOICE_AGENT_SOURCE for tool calls unless the agent says otherwise. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status: LeadStatus;

  /** The staff user working the lead (a user of the same tenant), if any. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  ownerId: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
