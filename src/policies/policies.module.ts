import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { TenantsModule } from '../tenants/tenants.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { Policy } from './policy.entity';
import { PolicyBookRepository } from './policy-book.repository';
import { PolicyImportService } from './policy-import.service';
import { PolicyImportSlots } from './policy-import-slots';

@Module({
  imports: [TypeOrmModule.forFeature([Policy]), TenantsModule],
  controllers: [PoliciesController],
  providers: [PoliciesService, PolicyImportService, PolicyBookRepository, PolicyImportSlots],
  exports: [PoliciesService],
})
export class PoliciesModule {}
