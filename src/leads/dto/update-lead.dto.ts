import { PartialType } from '@nestjs/mapped-types';
import { IsOptional, IsUUID } from 'class-validator';

import { CreateLeadDto } from './create-lead.dto';

export class UpdateLeadDto extends PartialType(CreateLeadDto, { skipNullProperties: false }) {
  /** The staff user of the lead's tenant who works it; null to unassign. */
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;
}
