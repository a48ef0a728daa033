import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { Tenant } from './tenant.entity';
import { TenantSettingsCache } from './tenant-settings.cache';
import { TenantSettingsInvalidationsService } from './tenant-settings-invalidations.service';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Tenant])],
  controllers: [TenantsController],
  providers: [TenantsService, TenantsRepository, TenantSettingsCache, TenantSettingsInvalidationsService],
  exports: [TenantsService],
})
export class TenantsModule {}
