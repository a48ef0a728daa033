import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { EnvironmentVariables } from '../../config/environment';
import { DomainException } from '../errors/domain.exception';

/** Phone numbers as callers say them ("(786) 555-0198", "1 786 555 0198") to E.164. */
@Injectable()
export class PhoneNumbersService {
  private readonly defaultCountry: CountryCode;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.defaultCountry = config.get('DEFAULT_COUNTRY', { infer: true }) as CountryCode;
  }

  /** E.164, or null when the text holds no valid number. */
  toE164(raw: string | undefined | null, country: CountryCode = this.defaultCountry): string | null {
    if (typeof raw !== 'string') return null;
    const text = raw.trim();
    if (text.length === 0 || text.length > 40) return null;
    const parsed = parsePhoneNumberFromString(text, { defaultCountry: country });
    return parsed?.isValid() ? parsed.number : null;
  }

  /** E.164, or a DomainException naming `field` (a 400 for staff, a question for callers). */
  requireE164(raw: string, field = 'phone', country?: string): string {
    const normalized = this.toE164(raw, (country as CountryCode | undefined) ?? this.defaultCountry);
    if (!normalized) throw DomainException.invalid(field, `${field} must be a valid phone number`);
    return normalized;
  }

  /** The last four digits, for reading a number back to a caller without saying all of it. */
  lastFour(e164: string): string {
    return e164.slice(-4);
  }
}
