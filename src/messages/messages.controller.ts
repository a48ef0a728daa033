import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { staffActor } from '../common/tenancy/actor';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { ListMessagesQueryDto } from './dto/list-messages-query.dto';
import { UpdateMessageDto } from './dto/update-message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiStaffRoutes()
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListMessagesQueryDto) {
    return this.messages.list(scope, query);
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.messages.get(scope, id);
  }

  @Patch(':id')
  update(
    @CurrentTenant() scope: TenantScope,
    @CurrentUser() user: StaffUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdateMessageDto,
  ) {
    return this.messages.update(scope, id, patch, staffActor(user));
  }
}
