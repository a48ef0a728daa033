import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The webhook's body, for its envelope to check once: `@ToolCallBody(VoipToolCallEnvelope)`.
 * Not `@Body()`: the app-wide ValidationPipe leaves a custom parameter alone, so the envelope
 * (a pipe) is the one pass that checks it, not a second one after the app's.
 */
export const ToolCallBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<Request>().body,
);
