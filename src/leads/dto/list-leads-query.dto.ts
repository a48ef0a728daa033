import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';
import { LEAD_STATUSES, LeadStatus } from '../lead.entity';

export class ListLeadsQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @IsOptional()
  @IsUUID()
  owner_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;
}
