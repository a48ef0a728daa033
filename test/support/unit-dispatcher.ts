import { ConfigService } from '@nestjs/config';

import { PendingWrites } from '../../src/database/pending-writes';
import type { SqlDialect } from '../../src/database/sql-dialect';
import type { TenantsService } from '../../src/tenants/tenants.service';
import type { ToolCallReplaysService } from '../../src/tool-calls/tool-call-replays.service';
import type { ToolCallsService } from '../../src/tool-calls/tool-calls.service';
import { ToolCallCommitService } from '../../src/tools-webhook/call/tool-call-commit.service';
import { ToolCallLogService } from '../../src/tools-webhook/call/tool-call-log.service';
import { ToolReplyFactory } from '../../src/tools-webhook/call/tool-reply.factory';
import { WebhookCall, type WebhookCaller } from '../../src/tools-webhook/call/webhook-call';
import type { ToolCallDto } from '../../src/tools-webhook/dto/tool-call.dto';
import { VoipToolCallEnvelope } from '../../src/tools-webhook/envelope/voip-tool-call.envelope';
import { ToolDispatcherService } from '../../src/tools-webhook/tool-dispatcher.service';
import type { ToolHandler } from '../../src/tools-webhook/tool-handler';
import type { ToolReply } from '../../src/tools-webhook/tool-reply';

/**
 * Every delivery is a first one: unit specs of the tools look at one call at a time. Replays are
 * exercised against a real database in test/tool-call-replays.e2e-spec.ts.
 */
const firstDeliveries = {
  claim: () => Promise.resolve({ kind: 'first', fingerprint: 'unit' }),
  complete: () => Promise.resolve(),
  release: () => Promise.resolve(),
} as unknown as ToolCallReplaysService;

/** No database: the stand-in services handed a call's unit of work write nothing to it, so it commits nothing. */
const noDatabase: Pick<SqlDialect, 'pendingWrites'> = {
  pendingWrites: () => new PendingWrites(() => Promise.resolve()),
};

const PLATFORM: WebhookCaller = { kind: 'platform' };

/**
 * A real ToolDispatcherService behind what the webhook does before it: the envelope read by the
 * platform's contract and the call's context opened as ApiKeyGuard opens it, for the caller given.
 */
export class UnitDispatcher {
  private readonly envelope = new VoipToolCallEnvelope();

  constructor(readonly dispatcher: ToolDispatcherService) {}

  /** A body as the platform sends it, by the platform's key unless another caller is given. */
  async dispatch(body: ToolCallDto, caller: WebhookCaller = PLATFORM, acceptLanguage?: string): Promise<ToolReply> {
    const call = WebhookCall.open({
      caller,
      named: this.envelope.sight(body),
      acceptLanguage,
      startedAt: performance.now(),
      requestId: null,
    });
    return this.dispatcher.dispatch(this.envelope.toRequest(body), call);
  }
}

/** A ToolDispatcherService for unit specs: the given handlers and stand-ins, the default deadline unless told. */
export function unitDispatcher(
  handlers: ToolHandler[],
  toolCalls: Pick<ToolCallsService, 'record'> & Partial<ToolCallsService>,
  tenants: Pick<TenantsService, 'resolveForCall'> & Partial<Pick<TenantsService, 'cachedLanguage'>>,
  deadlineMs = 8000,
  /** Where a call's unit of work commits: nowhere unless a spec watches it. */
  database: Pick<SqlDialect, 'pendingWrites'> = noDatabase,
): UnitDispatcher {
  const log = new ToolCallLogService(toolCalls as ToolCallsService);
  const replies = new ToolReplyFactory();
  return new UnitDispatcher(
    new ToolDispatcherService(
      handlers,
      log,
      replies,
      // A stand-in without a cache knows no language before the database is read.
      {
        cachedLanguage: () => undefined,
        ...tenants,
        resolveForCall: tenants.resolveForCall.bind(tenants),
      } as unknown as TenantsService,
      firstDeliveries,
      new ConfigService({ WEBHOOK_DEADLINE_MS: deadlineMs }),
      new ToolCallCommitService(log, firstDeliveries, replies, database as SqlDialect),
    ),
  );
}
