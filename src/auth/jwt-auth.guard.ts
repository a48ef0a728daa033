import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';

import { IS_PUBLIC_KEY } from '../common/decorators/public.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { UsersService } from '../users/users.service';
import { JwtClaims } from './jwt-claims';

/**
 * Registered app-wide: every route needs a staff JWT unless it is marked @Public(). The user is
 * read from the database on every request, so disabling a user or changing its role or password
 * takes effect at its very next request.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]))
      return true;
    await this.authenticate(context.switchToHttp().getRequest<Request & { user?: StaffUser }>());
    return true;
  }

  /** Verifies the request's staff token and sets `request.user`; UnauthorizedException if it cannot. */
  async authenticate(request: Request & { user?: StaffUser }): Promise<StaffUser> {
    const [scheme, token] = (request.headers.authorization ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('A staff token is required');
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthorizedException('The staff token is invalid or expired');
    }
    const user = typeof claims.ver === 'number' ? await this.users.findForToken(claims.sub, claims.ver) : null;
    if (!user) throw new UnauthorizedException('The staff token is no longer valid');
    request.user = user;
    return user;
  }
}
