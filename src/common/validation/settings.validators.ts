import { registerDecorator, ValidationOptions } from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

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
      validator: { validate: (value: unknown) => typeof value === 'string' && isSupportedCountry(value) },
    });
}

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function isOpeningHours(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const { opens, closes, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    typeof opens === 'string' &&
    typeof closes === 'string' &&
    HOUR_MINUTE.test(opens) &&
    HOUR_MINUTE.test(closes) &&
    opens < closes
  );
}

/** Opening hours per weekday: `{ "mon": { "opens": "09:00", "closes": "17:00" }, "sat": null, … }`. */
export function IsBusinessHours(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isBusinessHours',
      target: target.constructor,
      propertyName: property as string,
      options: {
        message: `${String(property)} must map weekdays (mon … sun) to {"opens":"HH:mm","closes":"HH:mm"} with opens before closes, or null for a closed day`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(([day, hours]) => WEEKDAY_NAMES.includes(day) && isOpeningHours(hours)),
      },
    });
}
