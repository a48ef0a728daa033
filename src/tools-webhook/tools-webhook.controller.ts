import { Controller, HttpCode, HttpStatus, Post, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
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
import { ApiKeyGuard } from './api-key.guard';
import { ArgsLimitsGuard } from './args-limits.guard';
import { CurrentWebhookCall } from './call/current-webhook-call.decorator';
import { WebhookCall } from './call/webhook-call';
import { ToolCallDto } from './dto/tool-call.dto';
import { ToolCallBody } from './envelope/tool-call-body.decorator';
import { VoipToolCallEnvelope } from './envelope/voip-tool-call.envelope';
import { TenantFairShareInterceptor } from './tenant-fair-share.interceptor';
import { ToolDispatcherService } from './tool-dispatcher.service';
import { ToolsWebhookExceptionFilter } from './tools-webhook-exception.filter';
import { WebhookThrottlerGuard } from './webhook-throttler.guard';

/**
 * Where the VoIP platform forwards the voice agent's tool calls (its own key, never a staff JWT).
 * Its envelope (VoipToolCallEnvelope) becomes the dispatcher's request; the call's context comes
 * from ApiKeyGuard.
 */
@Public()
// In this order: the key says who is calling, then that caller's rate limit applies, then the args'
// size limits; only then does the call wait for its tenant's turn, before any validation.
@UseGuards(ApiKeyGuard, WebhookThrottlerGuard, ArgsLimitsGuard)
@UseInterceptors(TenantFairShareInterceptor)
@UseFilters(ToolsWebhookExceptionFilter)
@ApiTags('tools webhook')
@ApiBearerAuth(WEBHOOK_BEARER_AUTH)
@ApiSecurity(WEBHOOK_HEADER_AUTH)
@Controller('webhooks/ai-tools')
export class ToolsWebhookController {
  constructor(
    private readonly dispatcher: ToolDispatcherService,
    private readonly envelope: VoipToolCallEnvelope,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  // The body is checked by its envelope, once (not by the app-wide pipe): documented here.
  @ApiBody({ type: ToolCallDto })
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
  @ApiPayloadTooLargeResponse({
    description:
      '`{status:"error", message}`: the body is over 100 kB, or its args over WEBHOOK_ARGS_MAX_KEYS keys or WEBHOOK_ARGS_MAX_TEXT characters',
  })
  @ApiTooManyRequestsResponse({
    description:
      '`{status:"error", message}` and `Retry-After`: more than WEBHOOK_RATE_LIMIT_PER_MINUTE calls in a minute for this key (for this tenant under the platform key), or the tenant\'s calls in hand and waiting on this instance are at WEBHOOK_CONCURRENCY_PER_TENANT and WEBHOOK_QUEUE_PER_TENANT',
  })
  @ApiInternalServerErrorResponse({
    description: '`{status:"error", message}`: a graceful spoken fallback, never a stack trace',
  })
  async handle(
    @ToolCallBody(VoipToolCallEnvelope) body: ToolCallDto,
    @CurrentWebhookCall() call: WebhookCall,
    @Res({ passthrough: true }) response: Response,
  ) {
    const reply = await this.dispatcher.dispatch(this.envelope.toRequest(body), call);
    response.status(reply.httpStatus);
    return reply.body;
  }
}
