import { ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainException } from '../common/errors/domain.exception';
import { tenantScope } from '../common/tenancy/tenant-scope';
import { TenantsService } from '../tenants/tenants.service';
import { ToolCallsService } from '../tool-calls/tool-calls.service';
import type { WebhookCaller } from './api-key.guard';
import { askForPhrase } from './args/ask-for.decorator';
import { ToolCallDto } from './dto/tool-call.dto';
import { Spoken } from './spoken/spoken-messages';
import { TOOL_HANDLERS, ToolContext, ToolHandler, ToolOutcome } from './tool-handler';
import { ToolReply, toReply } from './tool-reply';

// Keys a JSON body can carry that must never reach an object's prototype chain.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const PLATFORM: WebhookCaller = { kind: 'platform' };

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Routes a validated envelope to its tool: checks the tool's args (asking the caller for what is
 * missing), runs it, turns any failure into a graceful spoken answer, and logs every call with
 * its answer and timing for staff.
 */
@Injectable()
export class ToolDispatcher {
  private readonly logger = new Logger(ToolDispatcher.name);
  private readonly handlers: ReadonlyMap<string, ToolHandler>;

  constructor(
    @Inject(TOOL_HANDLERS) handlers: ToolHandler[],
    private readonly toolCalls: ToolCallsService,
    private readonly tenants: TenantsService,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.name, handler]));
  }

  /**
   * `started`: when the request arrived, so the logged duration includes parsing and auth.
   * `caller`: what the key told (ApiKeyGuard). A tenant's key acts in its tenant, whether or not
   * the body names it; the platform's key acts in the tenant the body names, if any.
   */
  async dispatch(call: ToolCallDto, started = performance.now(), caller: WebhookCaller = PLATFORM): Promise<ToolReply> {
    if (caller.kind === 'tenant' && typeof call.tenant_id === 'string' && call.tenant_id !== caller.tenantId) {
      // ApiKeyGuard has already refused this; checked again so that no other path can mix tenants.
      throw new ForbiddenException(`a webhook key of tenant "${caller.tenantId}" was used for another tenant`);
    }
    const callId = call.call_id ?? null;
    const tenantId = caller.kind === 'tenant' ? caller.tenantId : (call.tenant_id ?? null);
    let reply: ToolReply;
    let internalError: string | undefined;
    try {
      // A tenant the platform names for the first time is created before the tool runs, so
      // nothing the caller said is lost for want of it (TenantsService caches it).
      const tenant = tenantId === null ? null : await this.tenants.resolveForCall(tenantId);
      const context: ToolContext = { callId, tenantId, tenant, scope: tenantScope(tenantId) };
      const outcome = await this.run(call, context);
      internalError = outcome.internalError;
      reply = toReply(200, outcome);
    } catch (error) {
      internalError = describeError(error);
      this.logger.error(`${call.function} failed for call ${callId ?? '-'}: ${internalError}`, error instanceof Error ? error.stack : undefined);
      reply = toReply(500, { status: 'error', message: Spoken.unexpected });
    }
    await this.record({ function: call.function, args: call.args, callId, tenantId }, reply, started, internalError);
    return reply;
  }

  /** Logs a call that was refused before it reached a tool (a malformed envelope). */
  async record(
    call: { function: string | null; args: Record<string, unknown> | null; callId: string | null; tenantId: string | null },
    reply: ToolReply,
    started: number,
    internalError?: string,
  ): Promise<void> {
    try {
      await this.toolCalls.record({
        ...call,
        status: reply.body.status,
        message: reply.body.message,
        httpStatus: reply.httpStatus,
        durationMs: Math.round(performance.now() - started),
        error: internalError ?? null,
      });
    } catch (error) {
      // The caller still gets the answer; the lost log row is reported loudly instead.
      this.logger.error(`Could not write the tool-call log for ${call.function ?? 'a request'} (call ${call.callId ?? '-'}): ${describeError(error)}`);
    }
  }

  private async run(call: ToolCallDto, context: ToolContext): Promise<ToolOutcome> {
    const handler = this.handlers.get(call.function);
    if (!handler) {
      this.logger.warn(`Unknown tool "${call.function}" requested during call ${context.callId ?? '-'}; noted for staff.`);
      return { status: 'noted', message: Spoken.noted, internalError: `unknown function ${call.function}` };
    }
    const safeArgs = Object.fromEntries(Object.entries(call.args).filter(([key]) => !UNSAFE_KEYS.has(key)));
    const args = plainToInstance(handler.argsType, safeArgs);
    const problems = await validate(args, { forbidUnknownValues: false });
    const missing: string[] = [];
    const unclear: string[] = [];
    const ignored: string[] = [];
    for (const { property, value } of problems) {
      const phrase = askForPhrase(handler.argsType, property);
      if (phrase === undefined) {
        // An optional argument with no clear meaning is left out (the log keeps it as sent).
        delete (args as Record<string, unknown>)[property];
        ignored.push(property);
      } else {
        (value === undefined || value === null ? missing : unclear).push(phrase);
      }
    }
    if (missing.length > 0 || unclear.length > 0) {
      // Ask for what is missing first: one question at a time is easier to answer.
      const message = missing.length > 0 ? Spoken.askFor(missing) : Spoken.unclear(unclear);
      return { status: 'error', message, internalError: `invalid args: ${problems.map((problem) => problem.property).join(', ')}` };
    }
    try {
      const outcome = await handler.handle(args, context);
      if (ignored.length === 0) return outcome;
      return { ...outcome, internalError: [outcome.internalError, `ignored unusable args: ${ignored.join(', ')}`].filter(Boolean).join('; ') };
    } catch (error) {
      // The domain refused a value the caller gave (a number that is no phone, a past date):
      // ask the caller again rather than fail the call.
      if (error instanceof DomainException && error.code === 'invalid' && error.field) {
        return { status: 'error', message: Spoken.askAgain(error.field), internalError: error.message };
      }
      throw error;
    }
  }
}
