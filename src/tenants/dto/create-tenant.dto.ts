import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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
}
