import { json } from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Spoken } from './spoken/spoken-messages';

export const TOOLS_WEBHOOK_PATH = '/api/webhooks/ai-tools';
export const WEBHOOK_STARTED_AT = 'webhookStartedAt';
const BODY_LIMIT = '100kb';

const markStart: RequestHandler = (_request, response, next) => {
  response.locals[WEBHOOK_STARTED_AT] = performance.now();
  next();
};

/**
 * Body parsing runs before Nest routes a request, so its failures never reach a controller's
 * filter. The webhook therefore parses its own body (any content type, as JSON) and answers a
 * body that is not JSON, or too large, in the platform's contract shape. The app-wide parser
 * then skips the already-parsed body.
 */
const answerInContract: ErrorRequestHandler = (error: { type?: string; status?: number }, _request, response, next) => {
  if (response.headersSent) return next(error);
  const tooLarge = error.type === 'entity.too.large' || error.status === 413;
  response.status(tooLarge ? 413 : 400).json({ status: 'error', message: tooLarge ? Spoken.tooLarge : Spoken.badRequest });
};

export function toolsWebhookBodyParser(): Array<RequestHandler | ErrorRequestHandler> {
  const parseJson = json({ limit: BODY_LIMIT, type: () => true });
  // Not handed over as is: Nest skips its own app-wide parser when it finds a middleware named
  // `jsonParser` (express.json's name), and staff routes would lose their bodies.
  const parseToolCallJson: RequestHandler = (request, response, next) => parseJson(request, response, next);
  return [markStart, parseToolCallJson, answerInContract];
}
