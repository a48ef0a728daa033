import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

import { EnvironmentVariables } from '../config/environment';
import { TenantsModule } from '../tenants/tenants.module';
import { SmsOptOut } from './opt-outs/sms-opt-out.entity';
import { SmsOptOutsRepository } from './opt-outs/sms-opt-outs.repository';
import { SmsOptOutsService } from './opt-outs/sms-opt-outs.service';
import { SmsOutboxRepository } from './outbox/sms-outbox.repository';
import { SmsOutboxService } from './outbox/sms-outbox.service';
import { SmsOutboxWorker } from './outbox/sms-outbox.worker';
import { SmsDeliveryReceiptsRepository } from './receipts/sms-delivery-receipts.repository';
import { SmsDeliveryReceiptsService } from './receipts/sms-delivery-receipts.service';
import { LogSmsSender } from './senders/log-sms.sender';
import { SMS_SENDER } from './senders/sms-sender';
import { VonageSmsSender } from './senders/vonage-sms.sender';
import { SmsController } from './sms.controller';
import { SmsService } from './sms.service';
import { SmsMessage } from './sms-message.entity';
import { SmsSendingLimitsService } from './sms-sending-limits.service';

@Module({
  imports: [TypeOrmModule.forFeature([SmsMessage, SmsOptOut]), TenantsModule],
  controllers: [SmsController],
  providers: [
    SmsService,
    SmsOptOutsService,
    SmsOptOutsRepository,
    SmsDeliveryReceiptsService,
    SmsDeliveryReceiptsRepository,
    SmsSendingLimitsService,
    SmsOutboxService,
    SmsOutboxRepository,
    SmsOutboxWorker,
    {
      provide: SMS_SENDER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        config.get('SMS_PROVIDER', { infer: true }) === 'vonage' ? new VonageSmsSender(config) : new LogSmsSender(),
    },
  ],
  exports: [SmsService, SmsOptOutsService, SmsDeliveryReceiptsService, SmsOutboxService],
})
export class SmsModule {}
