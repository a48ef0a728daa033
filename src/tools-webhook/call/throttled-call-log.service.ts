import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import type { ToolReply } from '../tool-reply';
import { ToolCallLogService } from './tool-call-log.service';
import type { WebhookRateLimitedException } from './webhook-rate-limited.exception';

interface RefusalWindow {
  readonly whose: string;
  readonly tenantId: string | null;
  readonly windowMs: number;
  /** What the refused callers heard (the first one's language). */
  readonly reply: ToolReply;
  /** Refusals after the first, counted and not logged one by one. */
  more: number;
  readonly timer: NodeJS.Timeout;
}

/**
 * Tool calls refused with 429 are logged by window, not one by one, so that a flood does not
 * write a flood: the first refusal of a budget (webhook key, or tenant under the platform key)
 * is logged in full like any refused call (a line and a `tool_calls` row, with its args), then
 * for the rest of the throttler's window the refusals are only counted; when the window closes,
 * one summary line and one summary row (no function, no args, no call id: the count in `error`)
 * stand for them. Windows are closed, and their summaries written, when the app stops too.
 */
@Injectable()
export class ThrottledCallLogService implements OnModuleDestroy {
  private readonly logger = new Logger('ToolDispatcher');
  private readonly windows = new Map<string, RefusalWindow>();

  constructor(private readonly log: ToolCallLogService) {}

  /** Whether this refusal is to be logged in full (the first of its window); the others are counted. */
  admit(refusal: WebhookRateLimitedException, tenantId: string | null, reply: ToolReply): boolean {
    const open = this.windows.get(refusal.tracker);
    if (open) {
      open.more++;
      return false;
    }
    const timer = setTimeout(() => void this.close(refusal.tracker), refusal.windowMs);
    // A window left open never keeps the process alive.
    timer.unref();
    this.windows.set(refusal.tracker, {
      whose: refusal.whose,
      tenantId,
      windowMs: refusal.windowMs,
      reply,
      more: 0,
      timer,
    });
    return true;
  }

  /** Closes every open window now, writing their summaries (at shutdown; tests use it not to wait a minute). */
  async closeWindows(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((tracker) => this.close(tracker)));
  }

  onModuleDestroy(): Promise<void> {
    return this.closeWindows();
  }

  private async close(tracker: string): Promise<void> {
    const window = this.windows.get(tracker);
    if (!window) return;
    this.windows.delete(tracker);
    clearTimeout(window.timer);
    if (window.more === 0) return;
    const summary = `rate limited: ${window.more} more tool call${window.more === 1 ? '' : 's'} refused within ${window.windowMs / 1000} s of the first for ${window.whose}, not logged one by one`;
    this.logger.warn({ tenantId: window.tenantId, refused: window.more, httpStatus: 429 }, summary);
    await this.log.record(
      { function: null, args: null, callId: null, tenantId: window.tenantId },
      window.reply,
      performance.now(),
      summary,
    );
  }
}
