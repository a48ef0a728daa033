import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicyImportService } from './policy-import.service';
import { Policy } from './policy.entity';
import { TenantsModule } from '../tenants/tenants.module';

@Module({
  imports: [TypeOrmModule.forFeature([Policy]), TenantsModule],
  controllers: [PoliciesController],
  providers: [PoliciesService, PolicyImportService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
