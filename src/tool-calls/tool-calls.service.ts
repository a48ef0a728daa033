import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, FindOptionsWhere, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import type { PendingWrites } from '../database/pending-writes';
import { ListToolCallsQueryDto } from './dto/list-tool-calls-query.dto';
import { ToolCallRecord } from './dto/tool-call-record';
import { ToolCall } from './tool-call.entity';

/** Text as PostgreSQL can store it: it refuses NUL characters, which a caller's JSON may carry. */
function storable(text: string | null): string | null {
  return text === null ? null : text.replaceAll('\u0000', '');
}

/** Args as sent, unless they cannot be written as JSON at all (nested deeper than the stack allows). */
function storableArgs(args: Record<string, unknown> | null): Record<string, unknown> | null {
  try {
    JSON.stringify(args);
    return args;
  } catch {
    return { unstorable: 'the args could not be stored as JSON (nested too deeply)' };
  }
}

@Injectable()
export class ToolCallsService {
  constructor(@InjectRepository(ToolCall) private readonly toolCalls: Repository<ToolCall>) {}

  /** Writes a call's log row; with `writes`, as part of that unit of work. */
  async record(entry: ToolCallRecord, writes?: PendingWrites): Promise<void> {
    // TypeORM's deep-partial type cannot express an arbitrary JSON object; the column is json.
    await insertRecord(
      this.toolCalls,
      {
        ...entry,
        function: storable(entry.function),
        callId: storable(entry.callId),
        tenantId: storable(entry.tenantId),
        message: storable(entry.message) ?? '',
        args: storableArgs(entry.args) as DeepPartial<ToolCall>['args'],
        error: storable(entry.error ?? null),
        replayOf: entry.replayOf ?? null,
      },
      writes,
    );
  }

  /**
   * A call answered at the webhook's deadline finished afterwards: its log row keeps what the
   * caller heard, and gains what the work came to.
   */
  async noteLateOutcome(id: string, outcome: string): Promise<void> {
    const row = await this.toolCalls.findOneBy({ id });
    if (!row) return;
    await this.toolCalls.update(id, {
      error: [row.error, `finished after the answer: ${outcome}`].filter(Boolean).join('; '),
    });
  }

  async list(scope: TenantScope, query: ListToolCallsQueryDto): Promise<Page<ToolCall>> {
    const base: FindOptionsWhere<ToolCall> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.call_id && { callId: query.call_id }),
      ...(query.function && { function: query.function }),
      ...(query.status && { status: query.status }),
    };
    const where = searchConditions(base, query.q, ['function', 'message']);
    return toPage(
      await this.toolCalls.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  findByCall(scope: TenantScope, callId: string): Promise<ToolCall[]> {
    return this.toolCalls.find({
      where: { ...tenantCondition(scope), callId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  get(scope: TenantScope, id: string): Promise<ToolCall> {
    return findInTenant(this.toolCalls, scope, id, 'Tool call');
  }
}
