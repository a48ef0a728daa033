import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator';
import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserAdministrationService } from './user-administration.service';

@ApiTags('users')
@ApiStaffRoutes()
@Controller('users')
@Roles('owner', 'admin')
export class UsersController {
  constructor(private readonly users: UserAdministrationService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListUsersQueryDto) {
    return this.users.list(scope, query);
  }

  @Post()
  create(@CurrentUser() actor: StaffUser, @CurrentTenant() scope: TenantScope, @Body() input: CreateUserDto) {
    return this.users.create(actor, scope, input);
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(scope, id);
  }

  @Patch(':id')
  update(
    @CurrentUser() actor: StaffUser,
    @CurrentTenant() scope: TenantScope,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdateUserDto,
  ) {
    return this.users.update(actor, scope, id, patch);
  }
}
