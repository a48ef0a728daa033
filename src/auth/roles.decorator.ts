import { SetMetadata } from '@nestjs/common';

import type { StaffRole } from '../common/tenancy/staff-user';

export const ROLES_KEY = 'roles';

/** Only these roles may use the route (any signed-in staff user when absent). */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);
