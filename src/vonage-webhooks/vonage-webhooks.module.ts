import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';

import { SmsModule } from '../sms/sms.module';
import { VonageWebhooksController } from './vonage-webhooks.controller';
import { vonageWebhooksBodyParsers } from './vonage-webhooks-body';

/** Vonage's SMS API webhooks: delivery receipts and inbound texts (opt-out keywords). */
@Module({
  imports: [SmsModule],
  // VonageSignatureGuard is made by @UseGuards on the controller: also listing it as a provider
  // would build it (and log its start-up warning) twice.
  controllers: [VonageWebhooksController],
})
export class VonageWebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...vonageWebhooksBodyParsers()).forRoutes(VonageWebhooksController);
  }
}
