import { HttpStatus } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { json, urlencoded } from 'express';

import { MAX_BODY_NESTING, tooDeeplyNested } from '../common/validation/nesting-depth';

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
  // Vonage sends flat parameters; a body nested absurdly deep is refused before anything walks it,
  // in the staff routes' error shape (the shape of every other refusal on these routes).
  const refuseDeepNesting: RequestHandler = (request, response, next) => {
    const tooDeep = tooDeeplyNested(request.body, 'body');
    if (tooDeep === null) return next();
    response.status(HttpStatus.BAD_REQUEST).json({
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: [`${tooDeep} is nested too deeply (at most ${MAX_BODY_NESTING} levels of objects and arrays)`],
      fields: [tooDeep],
    });
  };
  return [parseVonageForm, parseVonageJson, refuseDeepNesting];
}
