import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';
import { SMS_STATUSES, SmsStatus } from '../sms-message.entity';

export class ListSmsQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @IsIn(SMS_STATUSES)
  status?: SmsStatus;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;
}
