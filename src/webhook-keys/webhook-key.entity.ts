import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A tenant's own key for the tools webhook. Only a SHA-256 digest of the key is stored (the key
 * is shown once, when it is made); a call made with it is bound to the key's tenant.
 */
@Entity('webhook_keys')
@Index(['tenantId', 'createdAt'])
export class WebhookKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The platform tenant id the key belongs to. */
  @Column({ type: 'varchar', length: 128 })
  tenantId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The key's first characters, enough for staff to tell keys apart. */
  @Column({ type: 'varchar', length: 24 })
  prefix: string;

  /** Hex SHA-256 of the whole key. */
  @Column({ type: 'varchar', length: 64, unique: true, select: false })
  keyHash: string;

  /** Id of the staff user who made it. */
  @Column({ type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  /** Set when revoked: from then on the key opens nothing. */
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  revokedBy: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
