import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { StaffUser } from './staff-user';

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): StaffUser | undefined => {
  return context.switchToHttp().getRequest<Request & { user?: StaffUser }>().user;
});
