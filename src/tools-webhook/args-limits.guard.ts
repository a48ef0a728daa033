import { CanActivate, ExecutionContext, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { EnvironmentVariables } from '../config/environment';
import { type ArgsLimits, argsOverLimits } from './args-limits';
import type { WebhookRequest } from './call/webhook-call';
import { TOOL_CALL_ENVELOPE, type ToolCallEnvelope } from './envelope/tool-call-envelope';

/** A tool call refused for the size of its args, before anything transformed or validated them. */
export class ArgsOverLimitsException extends PayloadTooLargeException {
  constructor(readonly excess: string) {
    super(`args over the limits: ${excess} (WEBHOOK_ARGS_MAX_KEYS, WEBHOOK_ARGS_MAX_TEXT)`);
  }
}

/**
 * Cheap structural limits on a tool call's args, checked before the validation pipe: turning
 * args into DTOs (class-transformer, class-validator) costs time in proportion to their keys, and
 * one tenant's 94 kB of 10,500 keys cost 230–370 ms of the event loop every tenant shares. Real
 * calls have about ten arguments and a few kB of text. Refused with 413 (the tooLarge sentence),
 * logged as a refused call. Runs after ApiKeyGuard and the rate limit: the call is counted.
 */
@Injectable()
export class ArgsLimitsGuard implements CanActivate {
  private readonly limits: ArgsLimits;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    @Inject(TOOL_CALL_ENVELOPE) private readonly envelope: ToolCallEnvelope,
  ) {
    this.limits = {
      maxKeys: config.get('WEBHOOK_ARGS_MAX_KEYS', { infer: true }),
      maxText: config.get('WEBHOOK_ARGS_MAX_TEXT', { infer: true }),
    };
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const excess = argsOverLimits(this.envelope.sight(request.body).args, this.limits);
    if (excess !== null) throw new ArgsOverLimitsException(excess);
    return true;
  }
}
