export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unauthorized' | 'forbidden' | 'unavailable';

/**
 * Why a value was refused, for whoever asks for it again (the tools webhook has a sentence for
 * each): no valid phone number, a date that is no calendar date, a day or a time already past, a
 * day further ahead than the tenant books.
 */
export const INVALID_VALUE_REASONS = ['phone', 'impossible_date', 'past_date', 'past_time', 'beyond_horizon'] as const;
export type InvalidValueReason = (typeof INVALID_VALUE_REASONS)[number];

/**
 * What a domain service throws when a request cannot be served. Services know nothing of HTTP;
 * DomainExceptionFilter maps each code to a status in one place, and names `field` to staff.
 */
export class DomainException extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: InvalidValueReason,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  static notFound(what: string): DomainException {
    return new DomainException('not_found', `${what} not found`);
  }

  static invalid(field: string, message: string, reason?: InvalidValueReason): DomainException {
    return new DomainException('invalid', message, field, reason);
  }
}
