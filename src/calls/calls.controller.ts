import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { CallTimelineService } from './call-timeline.service';

@ApiTags('calls')
@ApiStaffRoutes()
@Controller('calls')
export class CallsController {
  constructor(private readonly timelines: CallTimelineService) {}

  /** Every tool call of the platform call and every record it created or touched, in order. */
  @Get(':callId')
  timeline(@CurrentTenant() scope: TenantScope, @Param('callId') callId: string) {
    return this.timelines.timeline(scope, callId);
  }
}
