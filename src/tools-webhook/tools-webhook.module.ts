import { Module } from '@nestjs/common';

import { AppointmentsModule } from '../appointments/appointments.module';
import { AuthModule } from '../auth/auth.module';
import { LeadsModule } from '../leads/leads.module';
import { MessagesModule } from '../messages/messages.module';
import { PoliciesModule } from '../policies/policies.module';
import { SmsModule } from '../sms/sms.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ToolCallsModule } from '../tool-calls/tool-calls.module';
import { WebhookKeysModule } from '../webhook-keys/webhook-keys.module';
import { ApiKeyGuard } from './api-key.guard';
import { ArgsLimitsGuard } from './args-limits.guard';
import { ThrottledCallLogService } from './call/throttled-call-log.service';
import { ToolCallCommitService } from './call/tool-call-commit.service';
import { ToolCallLogService } from './call/tool-call-log.service';
import { ToolReplyFactory } from './call/tool-reply.factory';
import { ToolDefinitionsController } from './definitions/tool-definitions.controller';
import { ToolDefinitionsService } from './definitions/tool-definitions.service';
import { WebhookKeyOrStaffGuard } from './definitions/webhook-key-or-staff.guard';
import { TOOL_CALL_ENVELOPE } from './envelope/tool-call-envelope';
import { VoipToolCallEnvelope } from './envelope/voip-tool-call.envelope';
import { CheckPolicyStatusHandler } from './handlers/check-policy-status.handler';
import { CreateLeadHandler } from './handlers/create-lead.handler';
import { LeaveMessageHandler } from './handlers/leave-message.handler';
import { ScheduleAppointmentHandler } from './handlers/schedule-appointment.handler';
import { SendSmsHandler } from './handlers/send-sms.handler';
import { TenantCallSlots } from './tenant-call-slots';
import { TenantFairShareInterceptor } from './tenant-fair-share.interceptor';
import { ToolDispatcherService } from './tool-dispatcher.service';
import { TOOL_HANDLERS, ToolHandler } from './tool-handler';
import { ToolsWebhookController } from './tools-webhook.controller';
import { ToolsWebhookExceptionFilter } from './tools-webhook-exception.filter';
import { SpokenPhoneNumbersService } from './understanding/spoken-phone-numbers.service';

/** A new tool: one handler (and its args DTO) added here. */
const HANDLERS = [
  SendSmsHandler,
  CreateLeadHandler,
  LeaveMessageHandler,
  ScheduleAppointmentHandler,
  CheckPolicyStatusHandler,
];

@Module({
  imports: [
    SmsModule,
    LeadsModule,
    MessagesModule,
    AppointmentsModule,
    PoliciesModule,
    ToolCallsModule,
    TenantsModule,
    WebhookKeysModule,
    AuthModule,
  ],
  controllers: [ToolsWebhookController, ToolDefinitionsController],
  providers: [
    ...HANDLERS,
    { provide: TOOL_HANDLERS, inject: HANDLERS, useFactory: (...handlers: ToolHandler[]) => handlers },
    ToolDispatcherService,
    ToolCallCommitService,
    ToolCallLogService,
    ThrottledCallLogService,
    ToolReplyFactory,
    // The platform's envelope; another platform's adapter sits beside it, in front of the same dispatcher.
    VoipToolCallEnvelope,
    { provide: TOOL_CALL_ENVELOPE, useExisting: VoipToolCallEnvelope },
    ApiKeyGuard,
    ArgsLimitsGuard,
    TenantCallSlots,
    TenantFairShareInterceptor,
    ToolsWebhookExceptionFilter,
    ToolDefinitionsService,
    WebhookKeyOrStaffGuard,
    SpokenPhoneNumbersService,
  ],
})
export class ToolsWebhookModule {}
