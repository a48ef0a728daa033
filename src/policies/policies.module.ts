import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { TenantsModule } from '../tenants/tenants.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { Policy } from './policy.entity';
import { PolicyImportService } from './policy-import.service';

@Module({
  imports: [TypeOrmModule.forFeature([Policy]), TenantsModule],
  controllers: [PoliciesController],
  providers: [PoliciesService, PolicyImportService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
