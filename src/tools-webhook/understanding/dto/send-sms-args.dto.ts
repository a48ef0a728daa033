import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { AskFor } from '../ask-for.decorator';
import { looseText } from '../loose-values';
import { MAX_SPOKEN_PHONE_LENGTH } from '../spoken-phone-number';

export class SendSmsArgsDto {
  @AskFor({ en: 'the phone number to text', es: 'el número al que enviar el mensaje' })
  @Transform(looseText)
  @IsString()
  @MaxLength(MAX_SPOKEN_PHONE_LENGTH)
  to_phone: string;

  @AskFor({ en: 'what the text message should say', es: 'qué debe decir el mensaje de texto' })
  @Transform(looseText)
  @IsString()
  @MaxLength(1600)
  message: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  purpose?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  caller_name?: string;
}
