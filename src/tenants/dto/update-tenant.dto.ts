import { OmitType, PartialType } from '@nestjs/mapped-types';

import { CreateTenantDto } from './create-tenant.dto';

/** The platform id is the tenant's identity on the platform: it does not change. */
export class UpdateTenantDto extends PartialType(OmitType(CreateTenantDto, ['platformTenantId'] as const), {
  skipNullProperties: false,
}) {}
