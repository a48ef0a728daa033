import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';

import { TenantOwned } from '../database/tenant-owned.entity';

export const POLICY_STATUSES = ['active', 'pending', 'lapsed', 'suspended', 'cancelled', 'expired'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** A policy of the tenant's book, which the voice agent may look up; staff keep it. */
@Entity('policies')
@Index(['tenantId', 'policyKey'], { unique: true })
export class Policy extends TenantOwned {
  /** As staff entered it. */
  @Column({ type: 'varchar', length: 64 })
  policyNumber: string;

  /** policyNumberKey(policyNumber): what lookups compare. */
  @Column({ type: 'varchar', length: 64, select: false })
  policyKey: string;

  @Column({ type: 'varchar', length: 20 })
  status: PolicyStatus;

  @Column({ type: 'varchar', length: 100, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastName: string | null;

  /** E.164. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  productType: string | null;

  /** YYYY-MM-DD: the next renewal, or the expiry of a policy that will not renew. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  renewalDate: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
