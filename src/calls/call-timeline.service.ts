import { Injectable } from '@nestjs/common';

import { AppointmentsService } from '../appointments/appointments.service';
import { DomainException } from '../common/errors/domain.exception';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { LeadsService } from '../leads/leads.service';
import { MessagesService } from '../messages/messages.service';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { SmsService } from '../sms/sms.service';
import { ToolCallsService } from '../tool-calls/tool-calls.service';
import { CallTimeline, TimelineEvent } from './dto/call-timeline';

/**
 * Everything one platform call did, in order: each tool call with what the caller heard, each
 * record it created, and each change it made. What a supervisor opens after a complaint.
 */
@Injectable()
export class CallTimelineService {
  constructor(
    private readonly toolCalls: ToolCallsService,
    private readonly leads: LeadsService,
    private readonly messages: MessagesService,
    private readonly appointments: AppointmentsService,
    private readonly sms: SmsService,
    private readonly changes: RecordChangesService,
  ) {}

  async timeline(scope: TenantScope, callId: string): Promise<CallTimeline> {
    const [toolCalls, leads, messages, appointments, texts, changes] = await Promise.all([
      this.toolCalls.findByCall(scope, callId),
      this.leads.findByCall(scope, callId),
      this.messages.findByCall(scope, callId),
      this.appointments.findByCall(scope, callId),
      this.sms.findByCall(scope, callId),
      this.changes.forCall(scope, callId),
    ]);
    const events: TimelineEvent[] = [
      ...toolCalls.map((call) => ({
        at: call.createdAt,
        type: 'tool_call' as const,
        id: call.id,
        summary: `${call.function ?? '(no function)'} → ${call.status} (HTTP ${call.httpStatus})`,
        data: call,
      })),
      ...leads.map((lead) => ({
        at: lead.createdAt,
        type: 'lead' as const,
        id: lead.id,
        summary: `lead created: ${lead.firstName} ${lead.lastName ?? ''}`.trim(),
        data: lead,
      })),
      ...messages.map((message) => ({
        at: message.createdAt,
        type: 'message' as const,
        id: message.id,
        summary: `message from ${message.callerName}${message.urgent ? ' (urgent)' : ''}`,
        data: message,
      })),
      ...appointments.map((appointment) => ({
        at: appointment.createdAt,
        type: 'appointment' as const,
        id: appointment.id,
        summary: `appointment on ${appointment.date}${appointment.time ? ` at ${appointment.time}` : ''}`,
        data: appointment,
      })),
      ...texts.map((text) => ({
        at: text.createdAt,
        type: 'sms' as const,
        id: text.id,
        summary: `SMS to ${text.toPhone}: ${text.status}`,
        data: text,
      })),
      ...changes.map((change) => ({
        at: change.createdAt,
        type: 'change' as const,
        id: change.id,
        summary: `${change.recordType} ${change.action}d`,
        data: change,
      })),
    ];
    if (events.length === 0) throw DomainException.notFound('Call');
    // Records are written during their tool call, and logged when it answers: on the same
    // instant, the record comes first.
    events.sort(
      (a, b) =>
        new Date(a.at).getTime() - new Date(b.at).getTime() ||
        Number(a.type === 'tool_call') - Number(b.type === 'tool_call'),
    );
    const tenantId =
      (toolCalls[0] ?? leads[0] ?? messages[0] ?? appointments[0] ?? texts[0] ?? changes[0])?.tenantId ?? null;
    return { callId, tenantId, events };
  }
}
