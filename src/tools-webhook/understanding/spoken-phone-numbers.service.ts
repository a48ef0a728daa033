import { Injectable } from '@nestjs/common';

import { DomainException } from '../../common/errors/domain.exception';
import type { E164Phone } from '../../common/phone/e164-phone';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import { MAX_SPOKEN_PHONE_LENGTH, phoneDigitsFromSpeech } from './spoken-phone-number';

/**
 * Phone numbers as callers say them ("(786) 555-0198", "seven eight six, five five five, oh one
 * nine eight", "seis doce treinta y cuatro...") to E.164, read in the tenant's country. The one
 * place a caller's number is normalized: domain services get the E.164 result.
 */
@Injectable()
export class SpokenPhoneNumbersService {
  constructor(private readonly phones: PhoneNumbersService) {}

  /** E.164, or null when what was said holds no valid number. `country`: the tenant's default country. */
  toE164(said: string | undefined | null, country?: string | null): E164Phone | null {
    if (typeof said !== 'string') return null;
    const spoken = said.trim();
    if (spoken.length === 0 || spoken.length > MAX_SPOKEN_PHONE_LENGTH) return null;
    return this.phones.toE164(phoneDigitsFromSpeech(spoken), country);
  }

  /** E.164, or a DomainException with the reason `phone`, which has the caller asked again. */
  requireE164(said: string, field: string, country?: string | null): E164Phone {
    const normalized = this.toE164(said, country);
    if (!normalized) throw DomainException.invalid(field, `${field} must be a valid phone number`, 'phone');
    return normalized;
  }
}
