import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { IsPlatformTenantId } from '../../common/tenancy/is-platform-tenant-id.decorator';
import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { IsBusinessHours, IsPhoneCountry, IsTimeZone } from '../../common/validation/settings.validators';
import { BusinessHours, TENANT_LANGUAGES, TenantLanguage } from '../tenant.entity';

export class CreateTenantDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** The id the VoIP platform sends as `tenant_id`. */
  @IsPlatformTenantId('platformTenantId')
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

  /** Per weekday (mon … sun): `{ "opens": "09:00", "closes": "17:00" }`, or null when closed; null or left out: Monday to Friday, 9 to 5. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsBusinessHours()
  businessHours?: BusinessHours | null;

  /** Length of an appointment booked without one, in minutes; null or left out: 30. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(5)
  @Max(480)
  appointmentMinutes?: number | null;

  /** How many days ahead appointments may be booked (today plus this many days, in the tenant's zone); null or left out: 365. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  bookingHorizonDays?: number | null;

  /** Read a policy's status out only to a caller who matched its holder. */
  @IsOmittable()
  @IsBoolean()
  policyLookupRequiresMatch?: boolean;

  /** Texted a summary of each urgent message (any phone form; stored as E.164); null: nobody. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(40)
  onCallPhone?: string | null;

  /**
   * ISO 3166 alpha-2 countries whose numbers may be texted, e.g. ["US", "CA"]; null or left out:
   * the tenant's defaultCountry only. Premium-rate, shared-cost and unclassifiable numbers are refused anyway.
   */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsPhoneCountry({ each: true })
  smsAllowedCountries?: string[] | null;

  /** SMS segments (not texts) one phone call may send; null or left out: SMS_MAX_PER_CALL. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  smsMaxPerCall?: number | null;

  /** SMS segments (not texts) the tenant may send per hour; null or left out: SMS_MAX_PER_TENANT_HOUR. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(1000000)
  smsMaxPerHour?: number | null;
}
