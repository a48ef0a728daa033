import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';
import { toBooleanQuery } from '../../common/dto/boolean-query.transform';

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
