import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

import { IsOmittable } from '../../common/validation/is-omittable.decorator';

export class UpdateMessageDto {
  @IsOmittable()
  @IsBoolean()
  handled?: boolean;

  @IsOmittable()
  @IsBoolean()
  urgent?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  forPerson?: string | null;
}
