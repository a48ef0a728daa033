import { dictionary } from '@zxcvbn-ts/language-common';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * zxcvbn-ts's list of common passwords (@zxcvbn-ts/language-common, about 49,000, lower case,
 * from real breaches): what a password sprayer tries first. Made into a Set on first use.
 */
let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** Digits and symbols around a word ("Password1234!", "2024Summer"): the usual dressing of a common password. */
const DRESSING = /^[^\p{L}]+|[^\p{L}]+$/gu;
/** A shorter word inside a longer password is not refused: "Ab" + ten random digits is no common password. */
const MIN_WORD_LENGTH = 4;

/**
 * Whether a password is on the common list, ignoring case, or is a word of at least 4 letters
 * from the list dressed with leading or trailing digits and symbols: `Password1234` (on the list
 * as it is) and `Sunshine2024!` (sunshine) both are.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const word = lower.replace(DRESSING, '');
  return word !== lower && word.length >= MIN_WORD_LENGTH && list.has(word);
}

export const COMMON_PASSWORD_MESSAGE =
  'is too common (it is on a list of passwords attackers try first, or is one with digits or symbols added): choose another';

/** class-validator: refuses a common password (isCommonPassword); the message names the property. */
export function IsNotCommonPassword(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotCommonPassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property ${COMMON_PASSWORD_MESSAGE}`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value) },
    });
}
