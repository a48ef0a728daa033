import { IsStrongPassword, ValidationOptions } from 'class-validator';

import { IsNotCommonPassword } from '../common-passwords';

/**
 * At least 12 characters with lower case, upper case and a digit, and not a common password
 * (common-passwords.ts): the minimum for staff passwords.
 */
export const IsStaffPassword =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, property) => {
    IsStrongPassword(
      { minLength: 12, minLowercase: 1, minUppercase: 1, minNumbers: 1, minSymbols: 0 },
      { message: 'password must be at least 12 characters long, with lower case, upper case and a digit', ...options },
    )(target, property);
    IsNotCommonPassword(options)(target, property);
  };
