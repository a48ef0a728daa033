import { Column, Index } from 'typeorm';

import { TenantOwned } from './tenant-owned.entity';

/** A record a tool call may have made: it keeps the platform call's id (null when staff made it). */
export abstract class CallOriginated extends TenantOwned {
  @Index()
  @Column({ type: 'varchar', length: 128, nullable: true })
  callId: string | null;
}
