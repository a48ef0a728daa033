import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { staffActor } from '../common/tenancy/actor';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { CreateLeadDto } from './dto/create-lead.dto';
import { ListLeadsQueryDto } from './dto/list-leads-query.dto';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { LeadsService } from './leads.service';

@ApiTags('leads')
@ApiStaffRoutes()
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListLeadsQueryDto) {
    return this.leads.list(scope, query);
  }

  @Post()
  create(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Body() input: CreateLeadDto) {
    return this.leads.create(scope, input, staffActor(user));
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.leads.get(scope, id);
  }

  @Patch(':id')
  update(
    @CurrentTenant() scope: TenantScope,
    @CurrentUser() user: StaffUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdateLeadDto,
  ) {
    return this.leads.update(scope, id, patch, staffActor(user));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.leads.remove(scope, id, staffActor(user));
  }
}
