import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { AskFor } from '../ask-for.decorator';
import { looseText } from '../loose-values';
import { MAX_SPOKEN_PHONE_LENGTH } from '../spoken-phone-number';

export class CreateLeadArgsDto {
  @AskFor({ en: 'your first name', es: 'su nombre' })
  @Transform(looseText)
  @IsString()
  @MaxLength(100)
  first_name: string;

  @AskFor({ en: 'the best phone number to reach you', es: 'el mejor número de teléfono para comunicarnos con usted' })
  @Transform(looseText)
  @IsString()
  @MaxLength(MAX_SPOKEN_PHONE_LENGTH)
  phone: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  last_name?: string;

  /** An unusable email is dropped (and kept in the tool-call log), not asked for again. */
  @Transform(({ value }: { value: unknown }) => {
    const text = looseText({ value });
    return typeof text === 'string'
      ? text
          .replace(/\s+at\s+/i, '@')
          .replace(/\s+dot\s+/gi, '.')
          .replace(/\s/g, '')
          .toLowerCase()
      : text;
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  interest?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;
}
