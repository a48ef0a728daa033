import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { LEAD_STATUSES, LeadStatus } from '../lead.entity';

export class CreateLeadDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  /** Any common form; stored as E.164. */
  @IsString()
  @MaxLength(40)
  phone: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  interest?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string | null;

  @IsOmittable()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;
}
