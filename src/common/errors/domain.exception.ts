export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unauthorized' | 'forbidden' | 'unavailable';

/**
 * What a domain service throws when a request cannot be served. Services know nothing of HTTP;
 * DomainExceptionFilter maps each code to a status in one place.
 */
export class DomainException extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  static notFound(what: string): DomainException {
    return new DomainException('not_found', `${what} not found`);
  }

  static invalid(field: string, message: string): DomainException {
    return new DomainException('invalid', message, field);
  }
}
