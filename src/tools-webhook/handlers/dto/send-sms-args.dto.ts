import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AskFor } from '../../args/ask-for.decorator';
import { looseText } from '../../args/loose-values';

export class SendSmsArgsDto {
  @AskFor('the phone number to text')
  @Transform(looseText)
  @IsString()
  @MaxLength(40)
  to_phone: string;

  @AskFor('what the text message should say')
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
