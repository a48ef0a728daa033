import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import type { PendingWrites } from '../../database/pending-writes';
import { MetricsService } from '../../metrics/metrics.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallsService } from '../../tool-calls/tool-calls.service';
import { VOIP_PLATFORM } from '../envelope/voip-tool-call.envelope';
import { TOOL_HANDLERS, type ToolHandler } from '../tool-handler';
import type { ToolReply } from '../tool-reply';
import { describeError } from './describe-error';

/** One webhook call as staff see it in the log; `function` and `args` are null when the body had none. */
export interface ToolCallLogEntry {
  /** The log row's id, when it is chosen ahead (to note a late outcome on it). */
  id?: string;
  function: string | null;
  args: Record<string, unknown> | null;
  callId: string | null;
  tenantId: string | null;
  /** The logged call whose answer was replayed. */
  replayOf?: string | null;
}

/**
 * The log of every webhook call that got past its key: one structured line and one `tool_calls`
 * row, for the calls the dispatcher answered and for those refused before reaching it (the
 * webhook's exception filter) alike. Never throws: a row that cannot be written is reported
 * loudly, and the caller still gets its answer.
 */
@Injectable()
export class ToolCallLogService {
  // The context the tool-call lines have always had (log queries and dashboards look for it).
  private readonly logger = new Logger('ToolDispatcher');

  /** The tools' names: any other function a body names is counted as `unknown` (a caller cannot add series). */
  private readonly toolNames: ReadonlySet<string>;

  constructor(
    private readonly toolCalls: ToolCallsService,
    // Both absent where a unit test builds the log by hand.
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(TOOL_HANDLERS) handlers: ToolHandler[] = [],
  ) {
    this.toolNames = new Set(handlers.map((handler) => handler.name));
  }

  /**
   * `startedAt`: performance.now() when the request arrived; the duration logged runs from it.
   *
   * With `writes` (the call's unit of work), the row joins them and everything commits at once:
   * a failed commit rejects, having written nothing and announced nothing (no line, no metric),
   * so that the caller logs what the call became instead. Without, it never throws.
   */
  async record(
    entry: ToolCallLogEntry,
    reply: ToolReply,
    startedAt: number,
    internalError?: string,
    writes?: PendingWrites,
  ): Promise<void> {
    const durationMs = Math.round(performance.now() - startedAt);
    const row = {
      ...entry,
      status: reply.body.status,
      message: reply.body.message,
      httpStatus: reply.httpStatus,
      durationMs,
      error: internalError ?? null,
    };
    if (writes) {
      await this.addRow(row, writes);
      await writes.commit();
      this.announce(entry, reply, durationMs);
      return;
    }
    this.announce(entry, reply, durationMs);
    try {
      await this.toolCalls.record(row);
    } catch (error) {
      this.reportLostRow(entry, error);
    }
  }

  /** A row that cannot even be built is left out (and reported): the call's other writes still commit. */
  private async addRow(row: ToolCallRecord, writes: PendingWrites): Promise<void> {
    try {
      await this.toolCalls.record(row, writes);
    } catch (error) {
      this.reportLostRow(row, error);
    }
  }

  private reportLostRow(entry: ToolCallLogEntry, error: unknown): void {
    // The caller still gets the answer; the lost log row is reported loudly instead.
    this.logger.error(
      `Could not write the tool-call log for ${entry.function ?? 'a request'} (call ${entry.callId ?? '-'}): ${describeError(error)}`,
    );
  }

  /** One structured line and the metrics of a call. */
  private announce(entry: ToolCallLogEntry, reply: ToolReply, durationMs: number): void {
    // One structured line per tool call; never the args or the spoken message (they carry what the caller said).
    this.logger.log(
      {
        tool: entry.function,
        status: reply.body.status,
        httpStatus: reply.httpStatus,
        durationMs,
        callId: entry.callId,
        tenantId: entry.tenantId,
        replayOf: entry.replayOf ?? undefined,
      },
      'tool call',
    );
    this.metrics?.toolCall(
      {
        tool: entry.function !== null && this.toolNames.has(entry.function) ? entry.function : 'unknown',
        status: reply.body.status,
        platform: VOIP_PLATFORM,
      },
      durationMs,
    );
  }

  /** Adds how a call that outlived its deadline ended to its row; a failure is logged, never thrown. */
  async noteLateOutcome(id: string, functionName: string, callId: string | null, outcome: string): Promise<void> {
    try {
      await this.toolCalls.noteLateOutcome(id, outcome);
    } catch (error) {
      this.logger.error(
        `Could not note the late outcome of ${functionName} (call ${callId ?? '-'}): ${describeError(error)}`,
      );
    }
  }
}
