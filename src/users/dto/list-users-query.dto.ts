import { IsIn, IsOptional } from 'class-validator';

import { ListQueryDto } from '../../common/dto/list-query.dto';
import { STAFF_ROLES, StaffRole } from '../../common/tenancy/staff-user';

export class ListUsersQueryDto extends ListQueryDto {
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;
}
