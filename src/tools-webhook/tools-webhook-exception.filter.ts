import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';

import type { WebhookRequest } from './api-key.guard';
import { resolveLanguage } from './spoken/language';
import { SpokenCatalog, spokenIn } from './spoken/spoken-messages';
import { describeError, ToolDispatcher } from './tool-dispatcher.service';
import { ToolReply } from './tool-reply';
import { WEBHOOK_STARTED_AT } from './tools-webhook-body';

/** The args as sent, kept whatever their shape: a non-object is wrapped so the column stays an object. */
function argsForLog(args: unknown): Record<string, unknown> | null {
  if (args === undefined || args === null) return null;
  return typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : { unusable: args };
}

/** A text field of the envelope, cut to what its log column holds. */
function envelopeText(value: unknown, maxLength: number): string | null {
  return typeof value === 'string' ? value.slice(0, maxLength) : null;
}

/**
 * Whatever goes wrong on the webhook, the platform gets its contract: `{status, message}` with a
 * sentence the agent can say. Nest's default error body never reaches it. A call refused for its
 * key (401: none that opens the webhook; 403: a tenant's key used for another tenant) is only
 * logged as a warning: nothing it carried is written to the database.
 */
@Catch()
@Injectable()
export class ToolsWebhookExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ToolsWebhook');

  constructor(private readonly dispatcher: ToolDispatcher) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<WebhookRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    // No tenant is read here: the call's own hints, else English.
    const args = body.args as Record<string, unknown> | undefined;
    const language = resolveLanguage({
      argsLanguage: typeof args === 'object' && args !== null ? args.language : undefined,
      acceptLanguage: request.headers['accept-language'],
    });
    const reply = this.replyFor(exception, spokenIn(language));
    if (reply.httpStatus === HttpStatus.UNAUTHORIZED) {
      this.logger.warn(`Refused a webhook call without a valid key from ${request.ip}`);
    } else if (reply.httpStatus === HttpStatus.FORBIDDEN) {
      this.logger.warn(
        `Refused a webhook call from ${request.ip}: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    } else {
      // The key was good, so the call is logged for staff like any other.
      const internalError =
        exception instanceof HttpException ? JSON.stringify(exception.getResponse()) : describeError(exception);
      if (reply.httpStatus >= 500)
        this.logger.error(`Webhook failed: ${internalError}`, exception instanceof Error ? exception.stack : undefined);
      const started = (response.locals[WEBHOOK_STARTED_AT] as number | undefined) ?? performance.now();
      // A tenant's key speaks for its tenant whatever the body says (the guard refused another).
      const caller = request.webhookCaller;
      const tenantId = caller?.kind === 'tenant' ? caller.tenantId : envelopeText(body.tenant_id, 128);
      await this.dispatcher.record(
        {
          function: envelopeText(body.function, 100),
          args: argsForLog(body.args),
          callId: envelopeText(body.call_id, 128),
          tenantId,
        },
        reply,
        started,
        internalError,
      );
    }
    if (!response.headersSent) response.status(reply.httpStatus).json(reply.body);
  }

  private replyFor(exception: unknown, say: SpokenCatalog): ToolReply {
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status === HttpStatus.UNAUTHORIZED)
      return { httpStatus: status, body: { status: 'error', message: say.unauthorized } };
    if (status === HttpStatus.FORBIDDEN)
      return { httpStatus: status, body: { status: 'error', message: say.forbidden } };
    if (status === HttpStatus.PAYLOAD_TOO_LARGE)
      return { httpStatus: status, body: { status: 'error', message: say.tooLarge } };
    if (status === HttpStatus.TOO_MANY_REQUESTS)
      return { httpStatus: status, body: { status: 'error', message: say.rateLimited } };
    if (status >= 400 && status < 500)
      return { httpStatus: HttpStatus.BAD_REQUEST, body: { status: 'error', message: say.badRequest } };
    return { httpStatus: HttpStatus.INTERNAL_SERVER_ERROR, body: { status: 'error', message: say.unexpected } };
  }
}
