import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '../common/decorators/public.decorator';
import { WEBHOOK_BEARER_AUTH, WEBHOOK_HEADER_AUTH } from '../common/openapi/api-docs';
import { ApiKeyGuard, type WebhookRequest } from './api-key.guard';
import { ToolCallDto } from './dto/tool-call.dto';
import { ToolDispatcher } from './tool-dispatcher.service';
import { WEBHOOK_STARTED_AT } from './tools-webhook-body';
import { ToolsWebhookExceptionFilter } from './tools-webhook-exception.filter';
import { WebhookThrottlerGuard } from './webhook-throttler.guard';

/** Where the VoIP platform forwards the voice agent's tool calls (its own key, never a staff JWT). */
@Public()
// In this order: the key says who is calling, then that caller's rate limit applies.
@UseGuards(ApiKeyGuard, WebhookThrottlerGuard)
@UseFilters(ToolsWebhookExceptionFilter)
@ApiTags('tools webhook')
@ApiBearerAuth(WEBHOOK_BEARER_AUTH)
@ApiSecurity(WEBHOOK_HEADER_AUTH)
@Controller('webhooks/ai-tools')
export class ToolsWebhookController {
  constructor(private readonly dispatcher: ToolDispatcher) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    description:
      '`{status, message}` plus ids: done (sent, created, saved, scheduled, found, not_found), noted, failed, or error with a question for the caller',
  })
  @ApiUnauthorizedResponse({ description: '`{"status":"error","message":"Unauthorized"}`: no key or a wrong one' })
  @ApiBadRequestResponse({
    description: '`{status:"error", message}`: the body is not JSON, or function/args are missing or of the wrong type',
  })
  @ApiForbiddenResponse({
    description: '`{status:"error", message}`: a tenant key used for another tenant\'s tenant_id',
  })
  @ApiPayloadTooLargeResponse({ description: '`{status:"error", message}`: the body is over 100 kB' })
  @ApiTooManyRequestsResponse({
    description:
      '`{status:"error", message}` and `Retry-After`: more than WEBHOOK_RATE_LIMIT_PER_MINUTE calls in a minute for this key (for this tenant under the platform key)',
  })
  @ApiInternalServerErrorResponse({
    description: '`{status:"error", message}`: a graceful spoken fallback, never a stack trace',
  })
  async handle(
    @Body() call: ToolCallDto,
    @Req() request: WebhookRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    // Set by ApiKeyGuard; without it, nothing says whom the call speaks for.
    const caller = request.webhookCaller;
    if (!caller) throw new UnauthorizedException();
    const reply = await this.dispatcher.dispatch(
      call,
      response.locals[WEBHOOK_STARTED_AT] as number | undefined,
      caller,
      request.headers['accept-language'],
    );
    response.status(reply.httpStatus);
    return reply.body;
  }
}
