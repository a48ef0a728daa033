import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';

import { STAFF_ROLES, StaffRole } from '../../common/tenancy/staff-user';
import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { IsStaffPassword } from './staff-password.validator';

/** What an owner or admin may change of a user; the tenant and the email are not among them. */
export class UpdateUserDto {
  @IsOmittable()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  /** false disables the user: its very next request is refused. */
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @IsOmittable()
  @IsStaffPassword()
  password?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(200)
  name?: string;
}
