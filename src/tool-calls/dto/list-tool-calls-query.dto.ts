import { IsOptional, IsString, MaxLength } from 'class-validator';

import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';

export class ListToolCallsQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  function?: string;

  /** e.g. `noted` for the requests no tool could serve, `error` or `failed` for follow-up. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  status?: string;
}
