import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, MaxLength } from 'class-validator';

import { STAFF_ROLES, StaffRole } from '../../common/tenancy/staff-user';
import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { IsStaffPassword } from './staff-password.validator';

/** A new staff user; its tenant is the request's (`?tenant_id=` for an owner), never a body field. */
export class CreateUserDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsStaffPassword()
  password: string;

  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @IsOmittable()
  @IsString()
  @MaxLength(200)
  name?: string;
}
