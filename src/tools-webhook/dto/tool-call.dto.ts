import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { IsPlatformTenantId } from '../../common/tenancy/is-platform-tenant-id.decorator';
import { TolerateUnknownFields } from '../../common/validation/tolerate-unknown-fields.decorator';

/** The platform's envelope. Fields it may add later are dropped, not refused. */
@TolerateUnknownFields()
export class ToolCallDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'function must be a tool name' })
  function: string;

  /** Validated per tool by the tool's own args DTO. */
  @IsObject()
  args: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;

  @IsOptional()
  @IsString()
  @IsPlatformTenantId('tenant_id')
  tenant_id?: string;
}
