import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Actor, callIdOf } from '../common/tenancy/actor';
import { tenantCondition } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import type { WriteOptions } from '../database/pending-writes';
import { RecordChange, RecordChangeAction } from './record-change.entity';

// Never kept in a change row, whatever the record.
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'keyHash', 'key']);

export interface ChangeEntry {
  tenantId: string | null;
  recordType: string;
  recordId: string;
  action: RecordChangeAction;
  actor: Actor;
  changes?: Record<string, unknown>;
}

/**
 * The history of who changed what and when. Every change is handed here; what the voice agent
 * creates during a call is not written again, since its call id on the record and the tool-call
 * log already say who made it and when. Its changes to existing records are written.
 */
@Injectable()
export class RecordChangesService {
  constructor(@InjectRepository(RecordChange) private readonly changes: Repository<RecordChange>) {}

  /** With `writes`, the change row joins that unit of work (the change's own, committed with it). */
  async record(entry: ChangeEntry, { writes }: WriteOptions = {}): Promise<void> {
    if (entry.actor.kind === 'voice_agent' && entry.action === 'create') return;
    const changes = entry.changes
      ? Object.fromEntries(
          Object.entries(entry.changes).map(([field, value]) => [
            field,
            SECRET_FIELDS.has(field) ? '(changed)' : value,
          ]),
        )
      : null;
    await insertRecord(
      this.changes,
      {
        tenantId: entry.tenantId,
        callId: callIdOf(entry.actor),
        recordType: entry.recordType,
        recordId: entry.recordId,
        action: entry.action,
        actorType: entry.actor.kind,
        actorId: entry.actor.kind === 'user' ? entry.actor.userId : null,
        changes: changes,
      },
      writes,
    );
  }

  /** A record's history, oldest first. */
  forRecord(scope: TenantScope, recordType: string, recordId: string): Promise<RecordChange[]> {
    return this.changes.find({
      where: { ...tenantCondition(scope), recordType, recordId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  forCall(scope: TenantScope, callId: string): Promise<RecordChange[]> {
    return this.changes.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
