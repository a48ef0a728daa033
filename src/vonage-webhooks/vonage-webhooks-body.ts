import type { RequestHandler } from 'express';
import { json, urlencoded } from 'express';

const BODY_LIMIT = '32kb';

/**
 * Vonage posts form-encoded bodies (or JSON, with "POST-JSON"). Nest's app-wide parsers read
 * both today; these make the webhooks independent of that (flat parameters only, no nested
 * objects). A body already read is skipped, so nothing is parsed twice.
 */
export function vonageWebhooksBodyParsers(): RequestHandler[] {
  const parseForm = urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
  const parseJson = json({ limit: BODY_LIMIT });
  // Named apart from body-parser's own names, which Nest looks for before adding its parsers.
  const parseVonageForm: RequestHandler = (request, response, next) => parseForm(request, response, next);
  const parseVonageJson: RequestHandler = (request, response, next) => parseJson(request, response, next);
  return [parseVonageForm, parseVonageJson];
}
