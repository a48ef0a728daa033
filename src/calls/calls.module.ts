import { Module } from '@nestjs/common';

import { AppointmentsModule } from '../appointments/appointments.module';
import { LeadsModule } from '../leads/leads.module';
import { MessagesModule } from '../messages/messages.module';
import { SmsModule } from '../sms/sms.module';
import { ToolCallsModule } from '../tool-calls/tool-calls.module';
import { CallTimelineService } from './call-timeline.service';
import { CallsController } from './calls.controller';

@Module({
  imports: [ToolCallsModule, LeadsModule, MessagesModule, AppointmentsModule, SmsModule],
  controllers: [CallsController],
  providers: [CallTimelineService],
})
export class CallsModule {}
