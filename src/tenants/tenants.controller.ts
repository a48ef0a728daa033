import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator';
import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@ApiStaffRoutes()
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  list(@CurrentUser() user: StaffUser) {
    return this.tenants.list(user);
  }

  @Post()
  @Roles('owner')
  create(@CurrentUser() user: StaffUser, @Body() input: CreateTenantDto) {
    return this.tenants.create(user, input);
  }

  @Get(':id')
  get(@CurrentUser() user: StaffUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tenants.get(user, id);
  }

  @Patch(':id')
  @Roles('owner')
  update(@CurrentUser() user: StaffUser, @Param('id', ParseUUIDPipe) id: string, @Body() patch: UpdateTenantDto) {
    return this.tenants.update(user, id, patch);
  }
}
