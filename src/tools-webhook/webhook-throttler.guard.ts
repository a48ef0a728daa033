import { HttpException, Injectable } from '@nestjs/common';
import { ThrottlerLimitDetail } from '@nestjs/throttler';

import { SingleThrottlerGuard } from '../rate-limits/single-throttler.guard';
import { WEBHOOK_THROTTLER } from '../rate-limits/throttler-names';
import type { WebhookRequest } from './call/webhook-call';
import { WebhookRateLimitedException } from './call/webhook-rate-limited.exception';

/**
 * WEBHOOK_RATE_LIMIT_PER_MINUTE tool calls per webhook key, not per address: the voice platform
 * calls from a few shared addresses. A tenant's key has its own budget; under the platform's key
 * (VOIP_TOOLS_WEBHOOK_KEY, all of its rotated values together) each tenant the body names has its
 * own. Runs after ApiKeyGuard, and reads the call's context it made (caller and tenant): a call
 * without a valid key is refused with 401 before it can spend anyone's budget.
 */
@Injectable()
export class WebhookThrottlerGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = WEBHOOK_THROTTLER;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const call = (request as Partial<WebhookRequest>).webhookCall;
    if (call?.caller.kind === 'tenant') return `key:${call.caller.keyId}`;
    if (call?.caller.kind === 'platform') return `platform:${call.tenantId ?? ''}`;
    // Not reached behind ApiKeyGuard; should the guards ever be reordered, limited by address.
    return `address:${await super.getTracker(request)}`;
  }

  protected refusal({ limit, ttl, tracker }: ThrottlerLimitDetail): HttpException {
    const whose = tracker.startsWith('key:')
      ? `webhook key ${tracker.slice(4)}`
      : tracker.startsWith('platform:')
        ? `tenant ${tracker.slice(9)} under the platform key`
        : tracker;
    // The webhook's filter answers it in the contract shape; this text is what staff read in the log.
    return new WebhookRateLimitedException(
      `rate limited: more than ${limit} tool calls in ${ttl / 1000} s for ${whose}`,
      tracker,
      whose,
      ttl,
    );
  }
}
