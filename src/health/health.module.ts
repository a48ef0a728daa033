import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { SmsModule } from '../sms/sms.module';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { SmsOutboxHealthIndicator } from './sms-outbox.health';

@Module({
  imports: [TerminusModule, SmsModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, SmsOutboxHealthIndicator],
})
export class HealthModule {}
