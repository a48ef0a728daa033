import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { WebhookKey } from './webhook-key.entity';
import { WebhookKeysController } from './webhook-keys.controller';
import { WebhookKeysService } from './webhook-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookKey])],
  controllers: [WebhookKeysController],
  providers: [WebhookKeysService],
  exports: [WebhookKeysService],
})
export class WebhookKeysModule {}
