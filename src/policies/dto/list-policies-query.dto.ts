import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';
import { POLICY_STATUSES, PolicyStatus } from '../policy.entity';

export class ListPoliciesQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @IsIn(POLICY_STATUSES)
  status?: PolicyStatus;

  /** Any form of the number: "pol 778-899" finds POL-778899. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  policy_number?: string;
}
