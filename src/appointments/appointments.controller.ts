import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { staffActor } from '../common/tenancy/actor';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { AppointmentsService } from './appointments.service';
import { CreateAppointmentDto } from './dto/create-appointment.dto';
import { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto';
import { UpdateAppointmentDto } from './dto/update-appointment.dto';

@ApiTags('appointments')
@ApiStaffRoutes()
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListAppointmentsQueryDto) {
    return this.appointments.list(scope, query);
  }

  @Post()
  create(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Body() input: CreateAppointmentDto) {
    return this.appointments.schedule(scope, input, staffActor(user));
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.appointments.get(scope, id);
  }

  @Patch(':id')
  update(
    @CurrentTenant() scope: TenantScope,
    @CurrentUser() user: StaffUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdateAppointmentDto,
  ) {
    return this.appointments.update(scope, id, patch, staffActor(user));
  }
}
