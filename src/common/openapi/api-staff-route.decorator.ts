import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { STAFF_AUTH } from './api-docs';

/** A staff controller in the OpenAPI document: its auth scheme and the error answers every route shares. */
export const ApiStaffRoutes = () =>
  applyDecorators(
    ApiBearerAuth(STAFF_AUTH),
    ApiUnauthorizedResponse({ description: 'No staff token, or one that is invalid, expired or revoked' }),
    ApiForbiddenResponse({ description: "The user's role may not do this, or ?tenant_id names another tenant" }),
    ApiBadRequestResponse({ description: 'A field is missing, malformed or unknown: `fields` names each' }),
    ApiNotFoundResponse({ description: "No such record in the request's tenant" }),
  );
