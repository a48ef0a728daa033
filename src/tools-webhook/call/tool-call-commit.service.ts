import { Injectable, Logger } from '@nestjs/common';

import type { PendingWrites } from '../../database/pending-writes';
import { SqlDialect } from '../../database/sql-dialect';
import type { TenantLanguage } from '../../tenants/tenant.entity';
import { ToolCallReplaysService } from '../../tool-calls/tool-call-replays.service';
import type { ToolReply } from '../tool-reply';
import { describeError } from './describe-error';
import { ToolCallLogEntry, ToolCallLogService } from './tool-call-log.service';
import { ToolReplyFactory } from './tool-reply.factory';

/** What the caller heard, and what staff should know about it. */
export interface ToolCallAnswer {
  reply: ToolReply;
  internalError?: string;
  /** The logged call whose answer was replayed. */
  replayOf?: string;
}

/** An answer with what is left to write for it: the tool's writes, and the claim this delivery holds. */
export interface ToolCallOutcome extends ToolCallAnswer {
  writes: PendingWrites;
  /** The fingerprint this delivery claimed, to answer (or release) with the same commit; null when it holds none. */
  claimed: string | null;
  /** The language to answer a failed commit in. */
  language: TenantLanguage;
}

/**
 * How a tool call's work is written: one commit holding the tool's writes (gathered in the
 * call's unit of work), the claim's answer and the log row, or none of them. After an
 * unexpected failure (5xx) none of the tool's writes are kept and the claim is released, in that
 * same commit, so that a re-delivery tries again and finds nothing half done. A commit that fails
 * turns the call into an unexpected failure, logged on its own, its claim released.
 */
@Injectable()
export class ToolCallCommitService {
  // The context operators know for tool-call failures.
  private readonly logger = new Logger('ToolDispatcher');

  constructor(
    private readonly log: ToolCallLogService,
    private readonly replays: ToolCallReplaysService,
    private readonly replies: ToolReplyFactory,
    private readonly sql: SqlDialect,
  ) {}

  /** A call's unit of work, for its tool to gather its writes in. */
  pendingWrites(): PendingWrites {
    return this.sql.pendingWrites();
  }

  /** The one commit of a call answered in time, with its log row (`startedAt`: as for ToolCallLogService.record). Never rejects. */
  async settle(entry: ToolCallLogEntry, outcome: ToolCallOutcome, startedAt: number): Promise<ToolCallAnswer> {
    try {
      const writes = await this.closingWrites(outcome);
      await this.log.record(entry, outcome.reply, startedAt, outcome.internalError, writes);
      return outcome;
    } catch (error) {
      const failed = await this.failedCommit(entry, outcome, error);
      await this.log.record(entry, failed.reply, startedAt, failed.internalError);
      return failed;
    }
  }

  /** The commit of work that ended after its "still working" answer (already logged); answers what it came to. Never rejects. */
  async commitLate(entry: ToolCallLogEntry, outcome: ToolCallOutcome): Promise<ToolCallAnswer> {
    try {
      await (await this.closingWrites(outcome)).commit();
      return outcome;
    } catch (error) {
      return this.failedCommit(entry, outcome, error);
    }
  }

  /** What commits with an answer: the tool's writes and the claim's answer; after a 5xx, only the claim's release. */
  private async closingWrites(outcome: ToolCallOutcome): Promise<PendingWrites> {
    if (outcome.reply.httpStatus >= 500) {
      const writes = this.sql.pendingWrites();
      if (outcome.claimed !== null) await this.replays.release(outcome.claimed, writes);
      return writes;
    }
    if (outcome.claimed !== null) await this.replays.complete(outcome.claimed, outcome.reply, outcome.writes);
    return outcome.writes;
  }

  /** A commit that failed (it wrote nothing): the answer of an unexpected failure, and the claim released on its own. */
  private async failedCommit(
    entry: ToolCallLogEntry,
    outcome: ToolCallOutcome,
    error: unknown,
  ): Promise<ToolCallAnswer> {
    const internalError = describeError(error);
    this.logger.error(
      `${entry.function} failed for call ${entry.callId ?? '-'}: ${internalError}`,
      error instanceof Error ? error.stack : undefined,
    );
    if (outcome.claimed !== null && outcome.reply.httpStatus < 500) {
      await this.replays
        .release(outcome.claimed)
        .catch((releaseError: unknown) =>
          this.logger.error(
            `Could not release the claim of call ${entry.callId ?? '-'}: ${describeError(releaseError)}`,
          ),
        );
    }
    return { reply: this.replies.unexpected(outcome.language), internalError, replayOf: outcome.replayOf };
  }
}
