import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { AskFor } from '../../args/ask-for.decorator';
import { looseBoolean, looseText } from '../../args/loose-values';

export class LeaveMessageArgsDto {
  @AskFor('your name')
  @Transform(looseText)
  @IsString()
  @MaxLength(200)
  caller_name: string;

  @AskFor('the best number to call you back on')
  @Transform(looseText)
  @IsString()
  @MaxLength(40)
  caller_phone: string;

  @AskFor('the message you would like to leave')
  @Transform(looseText)
  @IsString()
  @MaxLength(5000)
  message: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  for_person?: string;

  /** "yes", "true", 1 and "urgent" all mean urgent; anything unclear means not. */
  @Transform(looseBoolean)
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  callback_preferred_time?: string;
}
