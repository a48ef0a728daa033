import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

import { EnvironmentVariables } from '../../config/environment';
import { DomainException } from '../errors/domain.exception';
import type { E164Phone } from './e164-phone';

/** The longest text read as a number at all: longer input is refused before it is parsed. */
const MAX_INPUT_LENGTH = 200;
// A written number, with its separators and an extension, is never longer than this.
const MAX_WRITTEN_LENGTH = 40;

/**
 * Written phone numbers ("(786) 555-0198", "1 786 555 0198", "+34 612 34 56 78", "tel:...") to
 * E.164, in a country: the tenant's default country, else DEFAULT_COUNTRY. What callers say in
 * words is turned into such text by the tools webhook first (src/tools-webhook/understanding).
 */
@Injectable()
export class PhoneNumbersService {
  private readonly defaultCountry: CountryCode;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.defaultCountry = config.get<CountryCode>('DEFAULT_COUNTRY');
  }

  /** E.164, or null when the text holds no valid number. `country`: as for requireE164. */
  toE164(raw: string | undefined | null, country?: string | null): E164Phone | null {
    if (typeof raw !== 'string') return null;
    const text = raw.trim();
    if (text.length === 0 || text.length > MAX_INPUT_LENGTH) return null;
    if (text.replace(/\s/g, '').length > MAX_WRITTEN_LENGTH) return null;
    const parsed = parsePhoneNumberFromString(text, { defaultCountry: this.country(country) });
    if (parsed?.isValid()) return parsed.number as E164Phone;
    // "00" dials abroad from most of the world, but not from the US ("001 786 555 0198").
    const dialedAbroad = text.replace(/^0[\s.-]*0[\s.-]*(?=[1-9])/, '+');
    if (dialedAbroad === text) return null;
    const international = parsePhoneNumberFromString(dialedAbroad);
    return international?.isValid() ? (international.number as E164Phone) : null;
  }

  /**
   * E.164, or a DomainException naming `field` (a 400 for staff; the reason `phone` has a caller
   * asked again). `country`: the tenant's default country; left out (or unknown), DEFAULT_COUNTRY.
   */
  requireE164(raw: string, field = 'phone', country?: string | null): E164Phone {
    const normalized = this.toE164(raw, country);
    if (!normalized) throw DomainException.invalid(field, `${field} must be a valid phone number`, 'phone');
    return normalized;
  }

  /** A country to read national numbers in: the one given when libphonenumber knows it, else DEFAULT_COUNTRY. */
  country(country?: string | null): CountryCode {
    const upper = country?.trim().toUpperCase();
    return upper && isSupportedCountry(upper) ? upper : this.defaultCountry;
  }

  /** An E.164 number as people dial it: "+1 786 555 0198". */
  readable(e164: string): string {
    return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  }

  /** The last four digits, for reading a number back to a caller without saying all of it. */
  lastFour(e164: string): string {
    return e164.slice(-4);
  }
}
