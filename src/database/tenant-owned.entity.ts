import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What every record of a platform tenant has: an unguessable id, its tenant, its creation time. */
export abstract class TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The platform's tenant id the record belongs to; null when the tool call named none. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  tenantId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
