import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { StaffUser } from '../common/tenancy/staff-user';
import { ROLES_KEY } from './roles.decorator';

/** Registered app-wide after the JWT guard: a route marked @Roles() refuses other roles with 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<StaffUser['role'][] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const user = context.switchToHttp().getRequest<Request & { user?: StaffUser }>().user;
    if (!user || !roles.includes(user.role)) throw new ForbiddenException(`This needs the role ${roles.join(' or ')}`);
    return true;
  }
}
