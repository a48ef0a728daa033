import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';

import type { WebhookCall, WebhookRequest } from './webhook-call';

/** The call's context, as ApiKeyGuard made it; without it, nothing says whom the call speaks for. */
export const CurrentWebhookCall = createParamDecorator((_data: unknown, context: ExecutionContext): WebhookCall => {
  const call = context.switchToHttp().getRequest<WebhookRequest>().webhookCall;
  if (!call) throw new UnauthorizedException();
  return call;
});
