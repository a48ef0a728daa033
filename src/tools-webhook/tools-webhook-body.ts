import { HttpStatus } from '@nestjs/common';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { json } from 'express';

import { MAX_BODY_NESTING, nestingDepth } from '../common/validation/nesting-depth';
import { ToolReplyFactory } from './call/tool-reply.factory';
import type { WebhookRequest } from './call/webhook-call';
import { languageAccepted } from './spoken/language';

export const TOOLS_WEBHOOK_PATH = '/api/webhooks/ai-tools';
const BODY_LIMIT = '100kb';
// Shared with every other JSON route (AppValidationPipe, the Vonage webhooks); exported here as before.
export { MAX_BODY_NESTING, nestingDepth };

// Stateless; this middleware runs before Nest's injector could hand one over.
const replies = new ToolReplyFactory();

/** The body could not be read, so only the header can say which language the caller speaks. */
function headerLanguage(request: Request) {
  return languageAccepted(request.headers['accept-language']) ?? 'en';
}

const refuseDeepNesting: RequestHandler = (request, response, next) => {
  if (nestingDepth(request.body) <= MAX_BODY_NESTING) return next();
  const reply = replies.forStatus(HttpStatus.BAD_REQUEST, headerLanguage(request));
  response.status(reply.httpStatus).json(reply.body);
};

/** When the call arrived: its deadline and logged duration count from here (ApiKeyGuard reads it). */
const markStart: RequestHandler = (request: WebhookRequest, _response, next) => {
  request.webhookStartedAt = performance.now();
  next();
};

/**
 * Body parsing runs before Nest routes a request, so its failures never reach a controller's
 * filter. The webhook therefore parses its own body (any content type, as JSON) and answers a
 * body that is not JSON, too large or nested absurdly deep, in the platform's contract shape.
 * The app-wide parser then skips the already-parsed body.
 */
const answerInContract: ErrorRequestHandler = (error: { type?: string; status?: number }, request, response, next) => {
  if (response.headersSent) return next(error);
  const tooLarge = error.type === 'entity.too.large' || error.status === 413;
  const reply = replies.forStatus(
    tooLarge ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST,
    headerLanguage(request),
  );
  response.status(reply.httpStatus).json(reply.body);
};

export function toolsWebhookBodyParser(): Array<RequestHandler | ErrorRequestHandler> {
  const parseJson = json({ limit: BODY_LIMIT, type: () => true });
  // Not handed over as is: Nest skips its own app-wide parser when it finds a middleware named
  // `jsonParser` (express.json's name), and staff routes would lose their bodies.
  // Mounted on the webhook's path, which also prefixes /definitions: only the webhook itself is parsed here.
  const parseToolCallJson: RequestHandler = (request, response, next) =>
    request.path === '/' ? parseJson(request, response, next) : next();
  return [markStart, parseToolCallJson, answerInContract, refuseDeepNesting];
}
