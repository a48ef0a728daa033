import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Span } from '@opentelemetry/api';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { DomainException } from '../common/errors/domain.exception';
import { tenantScope } from '../common/tenancy/tenant-scope';
import { EnvironmentVariables } from '../config/environment';
import type { PendingWrites } from '../database/pending-writes';
import type { TenantLanguage } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { AbandonedDelivery, ToolCallReplaysService } from '../tool-calls/tool-call-replays.service';
import { describeError } from './call/describe-error';
import { ToolCallAnswer, ToolCallCommitService, ToolCallOutcome } from './call/tool-call-commit.service';
import { ToolCallLogEntry, ToolCallLogService } from './call/tool-call-log.service';
import { noteReplay, traceToolCall } from './call/tool-call-span';
import { ToolReplyFactory } from './call/tool-reply.factory';
import type { WebhookCall } from './call/webhook-call';
import type { ToolCallRequest } from './envelope/tool-call-envelope';
import { resolveLanguage } from './spoken/language';
import { spokenIn } from './spoken/spoken-messages';
import { TOOL_HANDLERS, ToolContext, ToolHandler, ToolOutcome } from './tool-handler';
import { ToolReply, ToolReplyBody } from './tool-reply';
import { askForPhrase } from './understanding/ask-for.decorator';

// Handlers import it from here.
export { describeError } from './call/describe-error';

// Keys a JSON body can carry that must never reach an object's prototype chain.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

type Answer = ToolCallAnswer;
type Outcome = ToolCallOutcome;

// Time kept back from the deadline for writing the log row and sending the answer.
const ANSWER_MARGIN_MS = 250;
const DEADLINE = Symbol('deadline');

/**
 * Routes a tool call to its tool: checks the tool's args (asking the caller for what is
 * missing), runs it, turns any failure into a graceful spoken answer, and logs every call with
 * its answer and timing for staff. A re-delivered call replays the first answer instead of
 * acting twice, and every call is answered within WEBHOOK_DEADLINE_MS: work that outlives the
 * answer goes on, and its log row says how it ended. It knows nothing of HTTP or of any
 * platform's envelope: it takes the normalized request and the call's context.
 */
@Injectable()
export class ToolDispatcherService {
  // The log context operators know, kept when the class was renamed.
  private readonly logger = new Logger('ToolDispatcher');
  private readonly handlers: ReadonlyMap<string, ToolHandler>;
  private readonly deadlineMs: number;

  constructor(
    @Inject(TOOL_HANDLERS) handlers: ToolHandler[],
    private readonly log: ToolCallLogService,
    private readonly replies: ToolReplyFactory,
    private readonly tenants: TenantsService,
    private readonly replays: ToolCallReplaysService,
    config: ConfigService<EnvironmentVariables, true>,
    private readonly commits: ToolCallCommitService,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.name, handler]));
    this.deadlineMs = config.get('WEBHOOK_DEADLINE_MS', { infer: true });
  }

  /**
   * `webhookCall`: who is calling and for which tenant (decided once, by ApiKeyGuard), and when
   * the request arrived, so the logged duration and the deadline include parsing and auth.
   *
   * A call answered in time costs one commit after its claim and its reads: the tool's writes
   * (gathered in the call's PendingWrites), the claim's answer and the log row together, before
   * the answer is given. A call that outlives the deadline is logged when "still working" is
   * answered, and its work commits when it ends.
   */
  dispatch(call: ToolCallRequest, webhookCall: WebhookCall): Promise<ToolReply> {
    return traceToolCall(call.function, webhookCall.tenantId, (span) => this.dispatchTraced(call, webhookCall, span));
  }

  private async dispatchTraced(call: ToolCallRequest, webhookCall: WebhookCall, span: Span): Promise<ToolReply> {
    const { callId } = call;
    const toolCallId = randomUUID();
    const deadline = webhookCall.startedAt + this.deadlineMs - ANSWER_MARGIN_MS;
    const entry: ToolCallLogEntry = {
      id: toolCallId,
      function: call.function,
      args: call.args,
      callId,
      tenantId: webhookCall.tenantId,
    };
    const work = this.answer(call, webhookCall, toolCallId, deadline);
    const answer = await Promise.race([
      work,
      delay(deadline - performance.now()).then((): typeof DEADLINE => DEADLINE),
    ]);
    noteReplay(span, answer === DEADLINE ? null : answer.replayOf);
    if (answer === DEADLINE) return this.stillWorking(call, webhookCall, entry, work);

    const settled = this.commits.settle({ ...entry, replayOf: answer.replayOf ?? null }, answer, webhookCall.startedAt);
    // The commit holds the log row, written before answering so staff and duplicates see it. A
    // database too slow for the deadline: the caller hears "still working" (the outcome is not
    // kept yet; a re-delivery waits for it), and the row says so once it is written.
    const given = await Promise.race([
      settled,
      delay(Math.max(100, webhookCall.startedAt + this.deadlineMs - performance.now())).then(
        (): typeof DEADLINE => DEADLINE,
      ),
    ]);
    if (given !== DEADLINE) return given.reply;
    void settled.then(() =>
      this.log.noteLateOutcome(
        toolCallId,
        call.function,
        callId,
        'its commit outlived the deadline: the caller heard "still working"',
      ),
    );
    return this.replies.stillWorking(this.quickLanguage(webhookCall));
  }

  /** The deadline passed with the work still running: "still working", logged now; the work commits when it ends. */
  private async stillWorking(
    call: ToolCallRequest,
    webhookCall: WebhookCall,
    entry: ToolCallLogEntry,
    work: Promise<Outcome>,
  ): Promise<ToolReply> {
    const reply = this.replies.stillWorking(this.quickLanguage(webhookCall));
    const logged = this.log.record(
      { ...entry, replayOf: null },
      reply,
      webhookCall.startedAt,
      `no answer within ${this.deadlineMs} ms; the work went on`,
    );
    void Promise.all([work, logged]).then(async ([outcome]) => {
      const late = await this.commits.commitLate(entry, outcome);
      await this.log.noteLateOutcome(
        entry.id!,
        call.function,
        call.callId,
        `${late.reply.body.status}: ${late.reply.body.message}${late.internalError ? ` (${late.internalError})` : ''}`,
      );
    });
    // A database too slow for the deadline gets the row written in the background instead.
    await Promise.race([logged, delay(Math.max(100, webhookCall.startedAt + this.deadlineMs - performance.now()))]);
    return reply;
  }

  /** The answer: replayed for a re-delivered call, else from running it. Never rejects. */
  private async answer(
    call: ToolCallRequest,
    webhookCall: WebhookCall,
    toolCallId: string,
    deadline: number,
  ): Promise<Outcome> {
    const { callId } = call;
    const { tenantId } = webhookCall;
    const nothing = { writes: this.commits.pendingWrites(), claimed: null, language: this.quickLanguage(webhookCall) };
    try {
      // Calls without a call id cannot be told apart from new ones, so they are never replayed.
      if (callId === null) return { ...nothing, ...(await this.perform(call, webhookCall, nothing.writes)) };
      const identity = { tenantId, callId, function: call.function, args: call.args };
      let claim = await this.replays.claim(identity, toolCallId);
      if (claim.kind === 'in_progress') claim = await this.replays.awaitAnswer(identity, toolCallId, claim, deadline);
      if (claim.kind === 'replay') {
        return {
          reply: { httpStatus: claim.answer.httpStatus, body: claim.answer.body as ToolReplyBody },
          replayOf: claim.toolCallId,
          internalError: 'a re-delivered call: the first answer was replayed, nothing was done again',
          ...nothing,
        };
      }
      if (claim.kind === 'in_progress') {
        return {
          reply: this.replies.stillWorking(this.quickLanguage(webhookCall)),
          replayOf: claim.toolCallId,
          internalError: 'a re-delivered call whose first delivery was still running',
          ...nothing,
        };
      }
      const result = await this.perform(call, webhookCall, nothing.writes, claim.resumes);
      if (claim.resumes) {
        const note = `took over from the delivery logged as ${claim.resumes.toolCallId}, which never answered`;
        result.internalError = [note, result.internalError].filter(Boolean).join('; ');
      }
      // An unexpected failure is forgotten so that a re-delivery tries again (ToolCallCommitService);
      // any other answer is kept, in the call's one commit.
      return { ...result, writes: nothing.writes, claimed: claim.fingerprint };
    } catch (error) {
      return { ...this.failure(call, error, this.quickLanguage(webhookCall)), ...nothing };
    }
  }

  /**
   * `writes`: where the tool's writes gather, to commit with its answer. `resumes`: an earlier
   * delivery of this call died mid-call; the handler finds what it made.
   */
  private async perform(
    call: ToolCallRequest,
    webhookCall: WebhookCall,
    writes: PendingWrites,
    resumes?: AbandonedDelivery,
  ): Promise<Answer & { language: TenantLanguage }> {
    const { callId } = call;
    const { tenantId } = webhookCall;
    let language = this.quickLanguage(webhookCall);
    try {
      // A tenant the platform names for the first time is created before the tool runs, so
      // nothing the caller said is lost for want of it (TenantsService caches it).
      const tenant = tenantId === null ? null : await this.tenants.resolveForCall(tenantId);
      language = resolveLanguage({ ...webhookCall.languageHints, tenantLanguage: tenant?.language });
      const context: ToolContext = {
        callId,
        tenantId,
        tenant,
        scope: tenantScope(tenantId),
        language,
        writes,
        ...(resumes && { resumes: { claimedAt: resumes.claimedAt } }),
      };
      const outcome = await this.run(call, context);
      return { reply: this.replies.fromOutcome(200, outcome), internalError: outcome.internalError, language };
    } catch (error) {
      return { ...this.failure(call, error, language), language };
    }
  }

  /** The language as far as it is known without the database: the call's hints, the cached tenant. */
  private quickLanguage(webhookCall: WebhookCall): TenantLanguage {
    const { tenantId, languageHints } = webhookCall;
    const tenant = tenantId === null ? undefined : this.tenants.cachedLanguage(tenantId);
    return resolveLanguage({ ...languageHints, tenantLanguage: tenant });
  }

  private failure(call: ToolCallRequest, error: unknown, language: TenantLanguage): Answer {
    const internalError = describeError(error);
    this.logger.error(
      `${call.function} failed for call ${call.callId ?? '-'}: ${internalError}`,
      error instanceof Error ? error.stack : undefined,
    );
    return { reply: this.replies.unexpected(language), internalError };
  }

  private async run(call: ToolCallRequest, context: ToolContext): Promise<ToolOutcome> {
    const handler = this.handlers.get(call.function);
    if (!handler) {
      this.logger.warn(
        `Unknown tool "${call.function}" requested during call ${context.callId ?? '-'}; noted for staff.`,
      );
      return {
        status: 'noted',
        message: spokenIn(context.language).noted,
        internalError: `unknown function ${call.function}`,
      };
    }
    const safeArgs = Object.fromEntries(Object.entries(call.args).filter(([key]) => !UNSAFE_KEYS.has(key)));
    const args = plainToInstance(handler.argsType, safeArgs);
    const problems = await validate(args, { forbidUnknownValues: false });
    const missing: string[] = [];
    const unclear: string[] = [];
    const ignored: string[] = [];
    const say = spokenIn(context.language);
    for (const { property, value } of problems) {
      const phrase = askForPhrase(handler.argsType, property, context.language);
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
      const message = missing.length > 0 ? say.askFor(missing) : say.unclear(unclear);
      return {
        status: 'error',
        message,
        internalError: `invalid args: ${problems.map((problem) => problem.property).join(', ')}`,
      };
    }
    try {
      const outcome = await handler.handle(args, context);
      if (ignored.length === 0) return outcome;
      return {
        ...outcome,
        internalError: [outcome.internalError, `ignored unusable args: ${ignored.join(', ')}`]
          .filter(Boolean)
          .join('; '),
      };
    } catch (error) {
      // A tool that throws keeps none of the writes it gathered.
      context.writes.discard();
      // The domain refused a value the caller gave (a number that is no phone, a past date):
      // ask the caller again rather than fail the call.
      if (error instanceof DomainException && error.code === 'invalid' && error.field) {
        return { status: 'error', message: say.askAgain(error.reason), internalError: error.message };
      }
      throw error;
    }
  }
}
