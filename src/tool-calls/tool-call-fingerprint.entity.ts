import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One tool call as the platform may deliver it more than once: the same tenant, call, function
 * and canonical args give the same fingerprint. Its primary key is what makes two copies that
 * arrive at the same moment run once: the second insert fails instead of racing a read.
 */
@Entity('tool_call_fingerprints')
export class ToolCallFingerprint {
  /** SHA-256 (hex) of tenant, call id, function and canonical args. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 128 })
  callId: string;

  /** The tool-call log row of the first copy, whose answer later copies replay. */
  @Column({ type: 'varchar', length: 36 })
  toolCallId: string;

  /** The answer given, once there is one (null while the first copy is still running). */
  @Column({ type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'json', nullable: true })
  reply: Record<string, string> | null;

  @Index()
  @CreateDateColumn()
  createdAt: Date;
}
