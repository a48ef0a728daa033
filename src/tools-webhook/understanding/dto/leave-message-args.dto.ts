import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

import { AskFor } from '../ask-for.decorator';
import { looseBoolean, looseText } from '../loose-values';
import { MAX_SPOKEN_PHONE_LENGTH } from '../spoken-phone-number';

export class LeaveMessageArgsDto {
  @AskFor({ en: 'your name', es: 'su nombre' })
  @Transform(looseText)
  @IsString()
  @MaxLength(200)
  caller_name: string;

  @AskFor({ en: 'the best number to call you back on', es: 'el mejor número para devolverle la llamada' })
  @Transform(looseText)
  @IsString()
  @MaxLength(MAX_SPOKEN_PHONE_LENGTH)
  caller_phone: string;

  @AskFor({ en: 'the message you would like to leave', es: 'el mensaje que desea dejar' })
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
