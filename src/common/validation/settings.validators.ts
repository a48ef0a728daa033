import { isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** An IANA time zone name, such as America/New_York. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be an IANA time zone such as America/New_York`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value) },
    });
}

/** An ISO 3166 alpha-2 country that phone numbers can be read for, such as US. */
export function IsPhoneCountry(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isPhoneCountry',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be an ISO 3166 country code such as US`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isSupportedCountry(value as never) },
    });
}
