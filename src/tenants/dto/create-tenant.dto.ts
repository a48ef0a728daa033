import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { IsPhoneCountry, IsTimeZone } from '../../common/validation/settings.validators';
import { TENANT_LANGUAGES, TenantLanguage } from '../tenant.entity';

export class CreateTenantDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** The id the VoIP platform sends as `tenant_id`. */
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'platformTenantId must be a platform tenant id (letters, digits, . _ : -)' })
  platformTenantId: string;

  @IsOmittable()
  @IsTimeZone()
  timezone?: string;

  @IsOmittable()
  @IsIn(TENANT_LANGUAGES)
  language?: TenantLanguage;

  @IsOmittable()
  @IsPhoneCountry()
  defaultCountry?: string;

  /** Texts one phone call may send; null or left out: SMS_MAX_PER_CALL. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  smsMaxPerCall?: number | null;

  /** Texts the tenant may send per hour; null or left out: SMS_MAX_PER_TENANT_HOUR. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(1000000)
  smsMaxPerHour?: number | null;
}
