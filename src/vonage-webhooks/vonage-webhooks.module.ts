import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { SmsModule } from '../sms/sms.module';
import { VonageSignatureGuard } from './vonage-signature.guard';
import { VonageWebhooksController } from './vonage-webhooks.controller';
import { vonageWebhooksBodyParsers } from './vonage-webhooks-body';

/** Vonage's SMS API webhooks: delivery receipts and inbound texts (opt-out keywords). */
@Module({
  imports: [SmsModule],
  controllers: [VonageWebhooksController],
  providers: [VonageSignatureGuard],
})
export class VonageWebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...vonageWebhooksBodyParsers()).forRoutes(VonageWebhooksController);
  }
}
