import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { StaffRole } from '../common/tenancy/staff-user';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so logins are case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: StaffRole;

  /** The platform tenant id of an admin or agent; null for an owner, who spans tenants. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  tenantId: string | null;

  /** A disabled user's next request is refused. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Carried in every token; raised when the password, role or state changes, so older tokens stop working at once. */
  @Column({ type: 'integer', default: 0, select: false })
  tokenVersion: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
