import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

import { ArgsOverLimitsException } from './args-limits.guard';
import { describeError } from './call/describe-error';
import { ThrottledCallLogService } from './call/throttled-call-log.service';
import { ToolCallLogService } from './call/tool-call-log.service';
import { ToolReplyFactory } from './call/tool-reply.factory';
import type { WebhookRequest } from './call/webhook-call';
import { WebhookRateLimitedException } from './call/webhook-rate-limited.exception';
import { TOOL_CALL_ENVELOPE, type ToolCallEnvelope } from './envelope/tool-call-envelope';
import { resolveLanguage } from './spoken/language';

/**
 * Whatever goes wrong on the webhook, the platform gets its contract: `{status, message}` with a
 * sentence the agent can say. Nest's default error body never reaches it. A call refused for its
 * key (401: none that opens the webhook; 403: a tenant's key used for another tenant) is only
 * logged as a warning: nothing it carried is written to the database. A call over its rate
 * limit is logged in full only when it is the first of its window (ThrottledCallLogService).
 */
@Catch()
@Injectable()
export class ToolsWebhookExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ToolsWebhook');

  constructor(
    private readonly log: ToolCallLogService,
    private readonly throttled: ThrottledCallLogService,
    private readonly replies: ToolReplyFactory,
    @Inject(TOOL_CALL_ENVELOPE) private readonly envelope: ToolCallEnvelope,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<WebhookRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    // The call's context, when the key was good (a call refused for it has none).
    const call = request.webhookCall;
    const named = this.envelope.sight(request.body);
    // No tenant is read here: the call's own hints, else English.
    const language = resolveLanguage(
      call?.languageHints ?? { argsLanguage: named.argsLanguage, acceptLanguage: request.headers['accept-language'] },
    );
    const reply = this.replies.forException(exception, language);
    if (reply.httpStatus === (HttpStatus.UNAUTHORIZED as number)) {
      this.logger.warn(`Refused a webhook call without a valid key from ${request.ip}`);
    } else if (reply.httpStatus === (HttpStatus.FORBIDDEN as number)) {
      this.logger.warn(
        `Refused a webhook call from ${request.ip}: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    } else if (
      exception instanceof WebhookRateLimitedException &&
      !this.throttled.admit(exception, call ? call.tenantId : null, reply)
    ) {
      // Over its budget again within the window of a logged refusal: counted, summarized when the window closes.
    } else {
      // The key was good, so the call is logged for staff like any other.
      const internalError =
        exception instanceof HttpException ? JSON.stringify(exception.getResponse()) : describeError(exception);
      if (reply.httpStatus >= 500)
        this.logger.error(`Webhook failed: ${internalError}`, exception instanceof Error ? exception.stack : undefined);
      await this.log.record(
        {
          function: named.function,
          // Args refused for their size are not stored either: a flood of them would fill the log.
          args: exception instanceof ArgsOverLimitsException ? { unstorable: exception.message } : named.args,
          callId: named.callId,
          // Without a context (the key could not be checked), the tenant the body names.
          tenantId: call ? call.tenantId : (named.tenantId?.slice(0, 128) ?? null),
        },
        reply,
        call?.startedAt ?? request.webhookStartedAt ?? performance.now(),
        internalError,
      );
    }
    if (!response.headersSent) response.status(reply.httpStatus).json(reply.body);
  }
}
