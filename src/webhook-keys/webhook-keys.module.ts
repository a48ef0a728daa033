import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { TenantsModule } from '../tenants/tenants.module';
import { WebhookKey } from './webhook-key.entity';
import { WebhookKeysController } from './webhook-keys.controller';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { WebhookKeysService } from './webhook-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookKey]), TenantsModule],
  controllers: [WebhookKeysController],
  providers: [WebhookKeysService, WebhookKeysRepository],
  exports: [WebhookKeysService],
})
export class WebhookKeysModule {}
