import { RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

import { setUpApiDocs } from './common/openapi/api-docs';
import type { EnvironmentVariables } from './config/environment';
import { HttpLoggingMiddleware } from './logging/http-logging.middleware';
import { MetricsService } from './metrics/metrics.service';
import { TOOLS_WEBHOOK_PATH, toolsWebhookBodyParser } from './tools-webhook/tools-webhook-body';

export const GLOBAL_PREFIX = 'api';
/**
 * Routes outside the /api prefix: the health probes, where load balancers look for them, and the
 * metrics, where Prometheus does.
 */
export const UNPREFIXED_ROUTES = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
];

// The docs page runs Swagger UI's inline scripts; every other answer is JSON and gets helmet's full policy.
const apiHeaders = helmet();
const docsHeaders = helmet({ contentSecurityPolicy: false });

/**
 * What main.ts and the e2e tests both apply to the app, beyond the providers of CoreModule:
 * the route prefix, security headers and CORS, the webhook's own body parsing (which must come
 * before Nest's), and the OpenAPI document.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: UNPREFIXED_ROUTES });
  // First of all: every answer, a body parser's refusal included, gets its X-Request-Id and its log line.
  app.use(app.get(HttpLoggingMiddleware).use);
  // Every answer of the tools webhook is counted by status, a body parser's or the key's refusal included.
  app.use(TOOLS_WEBHOOK_PATH, app.get(MetricsService).webhookAnswerCounter);
  const securityHeaders: RequestHandler = (request, response, next) =>
    (request.path.startsWith(`/${GLOBAL_PREFIX}/docs`) ? docsHeaders : apiHeaders)(request, response, next);
  app.use(securityHeaders);
  // Browsers may call the API only from the origins CORS_ORIGINS names; none by default.
  const corsOrigins = app.get(ConfigService<EnvironmentVariables, true>).get('CORS_ORIGINS', { infer: true });
  if (corsOrigins)
    app.enableCors({ origin: corsOrigins.split(',').map((origin) => origin.trim()), credentials: false });
  // JSON answers to API clients gain nothing from ETags, and hashing every body costs time.
  app.set('etag', false);
  app.use(TOOLS_WEBHOOK_PATH, ...toolsWebhookBodyParser());
  setUpApiDocs(app);
  return app;
}
