import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';

import type { VonageParams, VonageWebhookRequest } from './vonage-params';

/** The webhook's parameters as VonageSignatureGuard verified them; never the raw body. */
export const VerifiedVonageParams = createParamDecorator((_data: unknown, context: ExecutionContext): VonageParams => {
  const params = context.switchToHttp().getRequest<VonageWebhookRequest>().vonageParams;
  if (!params) throw new UnauthorizedException();
  return params;
});
