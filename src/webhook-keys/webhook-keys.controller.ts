import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator';
import { ListQueryDto } from '../common/dto/list-query.dto';
import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { CreateWebhookKeyDto } from './dto/create-webhook-key.dto';
import { WebhookKeysService } from './webhook-keys.service';

/** A tenant's keys for the tools webhook, managed by its admins (and by owners, naming the tenant). */
@ApiTags('webhook keys')
@ApiStaffRoutes()
@Controller('webhook-keys')
@Roles('owner', 'admin')
export class WebhookKeysController {
  constructor(private readonly keys: WebhookKeysService) {}

  /** 201 with the key itself: shown this once, never again. */
  @Post()
  create(@CurrentUser() actor: StaffUser, @CurrentTenant() scope: TenantScope, @Body() input: CreateWebhookKeyDto) {
    return this.keys.create(actor, scope, input);
  }

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListQueryDto) {
    return this.keys.list(scope, query);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(@CurrentUser() actor: StaffUser, @CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.keys.revoke(actor, scope, id);
  }
}
