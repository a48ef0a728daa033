import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { AskFor } from '../ask-for.decorator';
import { looseText } from '../loose-values';
import { MAX_SPOKEN_PHONE_LENGTH } from '../spoken-phone-number';
import { MAX_SPOKEN_POLICY_NUMBER_LENGTH } from '../spoken-policy-number';

export class CheckPolicyStatusArgsDto {
  @AskFor({ en: 'your policy number', es: 'su número de póliza' })
  @Transform(looseText)
  @IsString()
  @MaxLength(MAX_SPOKEN_POLICY_NUMBER_LENGTH)
  @Matches(/[A-Za-z0-9]/)
  policy_number: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SPOKEN_PHONE_LENGTH)
  phone?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  last_name?: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  date_of_birth?: string;

  /** What the caller wants to know ("status", "renewal"); every answer gives both. */
  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  lookup_type?: string;
}
