import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { ListToolCallsQueryDto } from './dto/list-tool-calls-query.dto';
import { ToolCallsService } from './tool-calls.service';

@ApiTags('tool calls')
@ApiStaffRoutes()
@Controller('tool-calls')
export class ToolCallsController {
  constructor(private readonly toolCalls: ToolCallsService) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListToolCallsQueryDto) {
    return this.toolCalls.list(scope, query);
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.toolCalls.get(scope, id);
  }
}
