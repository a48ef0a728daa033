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
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { Roles } from '../auth/roles.decorator';
import { ApiStaffRoutes } from '../common/openapi/api-staff-route.decorator';
import { staffActor } from '../common/tenancy/actor';
import { CurrentTenant } from '../common/tenancy/current-tenant.decorator';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { CsvBodyInterceptor, POLICY_IMPORT_MAX_BYTES } from './csv-body.interceptor';
import { CreatePolicyDto } from './dto/create-policy.dto';
import { ListPoliciesQueryDto } from './dto/list-policies-query.dto';
import { PolicyImportResult } from './dto/policy-import-result';
import { UpdatePolicyDto } from './dto/update-policy.dto';
import { PoliciesService } from './policies.service';
import { PolicyImportService } from './policy-import.service';
import { POLICY_IMPORTS_AT_ONCE } from './policy-import-slots';
import { PolicyImportSlotsInterceptor } from './policy-import-slots.interceptor';

@ApiTags('policies')
@ApiStaffRoutes()
@Controller('policies')
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly importer: PolicyImportService,
  ) {}

  @Get()
  list(@CurrentTenant() scope: TenantScope, @Query() query: ListPoliciesQueryDto) {
    return this.policies.list(scope, query);
  }

  @Post()
  create(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Body() input: CreatePolicyDto) {
    return this.policies.create(scope, input, staffActor(user));
  }

  /**
   * The policy book as CSV, in the body (Content-Type: text/csv) or as a multipart upload in the
   * field `file` (multer's default memory storage), at most POLICY_IMPORTS_AT_ONCE at once on an
   * instance (another is answered 503 with Retry-After). Declared before the `:id` routes.
   */
  @Post('import')
  @Roles('owner', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    description:
      'A header row (policy_number, status, ...), then up to 50,000 policies; multipart: in the field `file`',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOkResponse({
    description:
      '`{received, created, updated, rejected, errors: [{line, reason}]}`: each policy number created or updated, each bad row with its line',
  })
  @ApiPayloadTooLargeResponse({ description: 'The file is over 20 MB' })
  @ApiServiceUnavailableResponse({
    description: `${POLICY_IMPORTS_AT_ONCE} imports are already running on this instance; \`Retry-After\` says when to try again`,
  })
  // The slot first: no file is read, into memory, beyond the imports allowed at once.
  @UseInterceptors(
    PolicyImportSlotsInterceptor,
    FileInterceptor('file', { limits: { fileSize: POLICY_IMPORT_MAX_BYTES, files: 1 } }),
    CsvBodyInterceptor,
  )
  import(
    @CurrentTenant() scope: TenantScope,
    @CurrentUser() user: StaffUser,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Req() request: Request,
  ): Promise<PolicyImportResult> {
    return this.importer.import(
      scope,
      file?.buffer ?? (Buffer.isBuffer(request.body) ? request.body : undefined),
      staffActor(user),
    );
  }

  @Get(':id')
  get(@CurrentTenant() scope: TenantScope, @Param('id', ParseUUIDPipe) id: string) {
    return this.policies.get(scope, id);
  }

  @Patch(':id')
  update(
    @CurrentTenant() scope: TenantScope,
    @CurrentUser() user: StaffUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdatePolicyDto,
  ) {
    return this.policies.update(scope, id, patch, staffActor(user));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentTenant() scope: TenantScope, @CurrentUser() user: StaffUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.policies.remove(scope, id, staffActor(user));
  }
}
