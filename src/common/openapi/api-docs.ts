import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const STAFF_AUTH = 'staff-jwt';
export const WEBHOOK_BEARER_AUTH = 'webhook-key-bearer';
export const WEBHOOK_HEADER_AUTH = 'webhook-key-header';
export const METRICS_AUTH = 'metrics-token';

/** The OpenAPI document of every route: UI at /api/docs, JSON at /api/docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('voice-crm')
    .setDescription(
      'The CRM behind voice-AI phone agents. Staff routes take a JWT from POST /api/auth/login; the tools webhook takes the VoIP platform key or a tenant webhook key.',
    )
    .setVersion('1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff token from POST /api/auth/login' },
      STAFF_AUTH,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'VOIP_TOOLS_WEBHOOK_KEY or a tenant webhook key' },
      WEBHOOK_BEARER_AUTH,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'The same key, in the other header the platform may use',
      },
      WEBHOOK_HEADER_AUTH,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics' }, METRICS_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
