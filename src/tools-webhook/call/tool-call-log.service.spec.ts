import { Logger } from '@nestjs/common';

import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import type { ToolCallsService } from '../../tool-calls/tool-calls.service';
import { Spoken } from '../spoken/spoken-messages';
import { ToolCallLogService } from './tool-call-log.service';

class RecordingToolCalls {
  readonly rows: ToolCallRecord[] = [];
  readonly lateOutcomes: Array<{ id: string; outcome: string }> = [];
  failWith: Error | null = null;

  noteLateOutcome(id: string, outcome: string): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.lateOutcomes.push({ id, outcome });
    return Promise.resolve();
  }

  record(entry: ToolCallRecord): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.rows.push(entry);
    return Promise.resolve();
  }
}

describe('ToolCallLogService', () => {
  let toolCalls: RecordingToolCalls;
  let log: ToolCallLogService;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    toolCalls = new RecordingToolCalls();
    log = new ToolCallLogService(toolCalls as unknown as ToolCallsService);
  });

  describe('record (here, a call refused before it reached a tool)', () => {
    it('writes the reply, call and an integer duration', async () => {
      const started = performance.now();
      await log.record(
        { function: null, args: null, callId: 'c-7', tenantId: null },
        { httpStatus: 400, body: { status: 'error', message: Spoken.badRequest } },
        started,
        'body is not JSON',
      );

      expect(toolCalls.rows).toEqual([
        {
          function: null,
          args: null,
          callId: 'c-7',
          tenantId: null,
          status: 'error',
          message: Spoken.badRequest,
          httpStatus: 400,
          durationMs: expect.any(Number) as number,
          error: 'body is not JSON',
        },
      ]);
      expect(Number.isInteger(toolCalls.rows[0].durationMs)).toBe(true);
      expect(toolCalls.rows[0].durationMs).toBeGreaterThanOrEqual(0);
    });

    it('does not throw when the log cannot be written, and says so loudly', async () => {
      toolCalls.failWith = new Error('disk full');
      const error = jest.spyOn(Logger.prototype, 'error');
      await expect(
        log.record(
          { function: 'x', args: {}, callId: null, tenantId: null },
          { httpStatus: 400, body: { status: 'error', message: 'm' } },
          performance.now(),
        ),
      ).resolves.toBeUndefined();
      expect(error).toHaveBeenCalledWith(expect.stringContaining('Could not write the tool-call log for x'));
      error.mockRestore();
    });
  });

  describe('noteLateOutcome', () => {
    it('adds the late outcome to the row', async () => {
      await log.noteLateOutcome('row-1', 'send_sms', 'c-1', 'sent: Sent it.');
      expect(toolCalls.lateOutcomes).toEqual([{ id: 'row-1', outcome: 'sent: Sent it.' }]);
    });

    it('does not throw when the row cannot be updated, and says so loudly', async () => {
      toolCalls.failWith = new Error('disk full');
      const error = jest.spyOn(Logger.prototype, 'error');
      await expect(log.noteLateOutcome('row-1', 'send_sms', 'c-1', 'sent')).resolves.toBeUndefined();
      expect(error).toHaveBeenCalledWith(expect.stringContaining('Could not note the late outcome of send_sms'));
      error.mockRestore();
    });
  });
});
