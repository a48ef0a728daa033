import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { Actor, callIdOf } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import type { WriteOptions } from '../database/pending-writes';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { CreateMessageInput } from './dto/create-message.dto';
import { ListMessagesQueryDto } from './dto/list-messages-query.dto';
import { UpdateMessageDto } from './dto/update-message.dto';
import { Message } from './message.entity';

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly changes: RecordChangesService,
  ) {}

  /**
   * Messages are left by callers through the voice agent; staff work them but do not create them.
   * With `writes`, the message joins that unit of work (the message returned carries its id).
   */
  create(scope: TenantScope, input: CreateMessageInput, actor: Actor, { writes }: WriteOptions = {}): Promise<Message> {
    return insertRecord(
      this.messages,
      {
        tenantId: tenantForCreate(scope),
        callId: callIdOf(actor),
        callerName: input.callerName,
        callerPhone: input.callerPhone,
        body: input.body,
        forPerson: input.forPerson ?? null,
        urgent: input.urgent ?? false,
        callbackPreferredTime: input.callbackPreferredTime ?? null,
        handled: false,
        handledAt: null,
        handledBy: null,
      },
      writes,
    );
  }

  async list(scope: TenantScope, query: ListMessagesQueryDto): Promise<Page<Message>> {
    const base: FindOptionsWhere<Message> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.urgent !== undefined && { urgent: query.urgent }),
      ...(query.handled !== undefined && { handled: query.handled }),
      ...(query.call_id && { callId: query.call_id }),
    };
    const where = searchConditions(base, query.q, ['callerName', 'forPerson', 'body'], ['callerPhone']);
    return toPage(
      await this.messages.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  get(scope: TenantScope, id: string): Promise<Message> {
    return findInTenant(this.messages, scope, id, 'Message');
  }

  findByCall(scope: TenantScope, callId: string): Promise<Message[]> {
    return this.messages.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  async update(scope: TenantScope, id: string, patch: UpdateMessageDto, actor: Actor): Promise<Message> {
    const staffUserId = actor.kind === 'user' ? actor.userId : null;
    const message = await this.get(scope, id);
    if (patch.urgent !== undefined) message.urgent = patch.urgent;
    if (patch.forPerson !== undefined) message.forPerson = patch.forPerson ?? null;
    if (patch.handled !== undefined && patch.handled !== message.handled) {
      message.handled = patch.handled;
      message.handledAt = patch.handled ? new Date() : null;
      message.handledBy = patch.handled ? staffUserId : null;
    }
    const saved = await this.messages.save(message);
    await this.changes.record({
      tenantId: message.tenantId,
      recordType: 'message',
      recordId: id,
      action: 'update',
      actor,
      changes: { ...patch },
    });
    return saved;
  }
}
