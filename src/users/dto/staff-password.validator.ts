import { IsStrongPassword, ValidationOptions } from 'class-validator';

/** At least 12 characters with lower case, upper case and a digit: the minimum for staff passwords. */
export const IsStaffPassword = (options?: ValidationOptions): PropertyDecorator =>
  IsStrongPassword(
    { minLength: 12, minLowercase: 1, minUppercase: 1, minNumbers: 1, minSymbols: 0 },
    { message: 'password must be at least 12 characters long, with lower case, upper case and a digit', ...options },
  );
