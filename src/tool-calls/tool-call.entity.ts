import { Column, Entity, Index } from 'typeorm';

import { CallOriginated } from '../database/call-originated.entity';

/** One webhook call from the VoIP platform and what we answered: the audit trail staff read. */
@Entity('tool_calls')
@Index(['tenantId', 'createdAt'])
export class ToolCall extends CallOriginated {
  /** The tool the agent asked for, as sent (null when the body had none). */
  @Column({ name: 'function_name', type: 'varchar', length: 100, nullable: true })
  function: string | null;

  /** The args as sent, unknown fields included (never headers, so never a key). */
  @Column({ type: 'json', nullable: true })
  args: Record<string, unknown> | null;

  /** The `status` we answered: sent, created, saved, scheduled, found, not_found, noted, error, failed. */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** The sentence the caller heard. */
  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'integer' })
  httpStatus: number;

  @Column({ type: 'integer' })
  durationMs: number;

  /** Set on a re-sent duplicate: the logged call whose answer was replayed (nothing was done again). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  replayOf: string | null;

  /** What went wrong inside, for staff; never spoken. */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
