import { BadRequestException, createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';

import { isPlatformTenantId } from './is-platform-tenant-id.decorator';
import { StaffUser } from './staff-user';
import { TenantScope } from './tenant-scope';

/**
 * The tenant a staff request acts in: an admin's or agent's own, or for an owner the
 * `?tenant_id=` it names (none: every tenant). Naming another tenant than one's own is refused.
 */
export const CurrentTenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantScope => {
  const request = context.switchToHttp().getRequest<Request & { user?: StaffUser }>();
  const user = request.user;
  const requested = request.query.tenant_id;
  if (user?.tenantId) {
    if (requested !== undefined && requested !== user.tenantId)
      throw new ForbiddenException('tenant_id names a tenant you do not belong to');
    return { tenantId: user.tenantId };
  }
  if (requested === undefined) return { tenantId: undefined };
  if (!isPlatformTenantId(requested)) {
    throw new BadRequestException({
      error: 'Bad Request',
      message: ['tenant_id must be a platform tenant id (letters, digits, . _ : -)'],
      fields: ['tenant_id'],
    });
  }
  return { tenantId: requested };
});
