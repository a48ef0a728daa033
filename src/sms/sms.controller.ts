import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { staffActor } from '../common/tenancy/actor';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { ListSmsQueryDto } from './dto/list-sms-query.dto';
import { SendSmsDto } from './dto/send-sms.dto';
import { SmsService } from './sms.service';

@ApiTags('sms')
@ApiStaffRoutes()
@Controller('sms')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListSmsQueryDto) {
    return this.sms.list(scope, query);
  }

  /** Answers 201 with the row whatever the provider said; `status` tells whether it left. */
  @Post()
  async send(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Body() input: SendSmsDto) {
    return (await this.sms.sendForStaff(scope, { ...input, actor: staffActor(user) })).sms;
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.sms.get(scope, id);
  }
}
