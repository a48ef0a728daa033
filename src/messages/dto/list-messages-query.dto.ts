import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

import { toBooleanQuery } from '../../common/dto/boolean-query.transform';
import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';

export class ListMessagesQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @Transform(toBooleanQuery)
  @IsBoolean()
  urgent?: boolean;

  @IsOptional()
  @Transform(toBooleanQuery)
  @IsBoolean()
  handled?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;
}
