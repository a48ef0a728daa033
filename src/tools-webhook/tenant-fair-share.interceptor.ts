import { CallHandler, ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { finalize, type Observable } from 'rxjs';

import type { WebhookRequest } from './call/webhook-call';
import { WebhookRateLimitedException } from './call/webhook-rate-limited.exception';
import { TenantCallSlots } from './tenant-call-slots';

/** How long refusals for a tenant's own load are counted together before one summary is logged. */
const BUSY_SUMMARY_WINDOW_MS = 60_000;

/**
 * Refused for the tenant's own load on this instance: the webhook's filter says "busy" (429) and,
 * like a rate-limited call, logs the first of a window in full and the rest as one summary.
 */
export class TenantBusyException extends WebhookRateLimitedException {
  constructor(tenant: string, slots: TenantCallSlots) {
    super(
      `busy: tenant ${JSON.stringify(tenant)} already has ${slots.concurrency} tool calls in hand and ` +
        `${slots.queueLength} waiting on this instance (WEBHOOK_CONCURRENCY_PER_TENANT, WEBHOOK_QUEUE_PER_TENANT), ` +
        `or waited ${slots.maxWaitMs} ms for a turn`,
      `busy:${tenant}`,
      `tenant ${JSON.stringify(tenant)} (calls in hand on this instance)`,
      BUSY_SUMMARY_WINDOW_MS,
    );
  }
}

/**
 * Fair share of this instance between tenants: a tool call takes one of its tenant's slots
 * (TenantCallSlots) before the validation pipe and the tool run, and gives it back when answered.
 * Interceptors run after the guards (the key told whose call it is; the args passed their limits)
 * and around the pipes, so waiting costs no work. Under the platform key, the tenant the body
 * names; a call naming none shares one queue.
 */
@Injectable()
export class TenantFairShareInterceptor implements NestInterceptor {
  constructor(private readonly slots: TenantCallSlots) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const tenant = context.switchToHttp().getRequest<WebhookRequest>().webhookCall?.tenantId ?? '';
    const release = await this.slots.acquire(tenant);
    if (!release) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', '1');
      throw new TenantBusyException(tenant, this.slots);
    }
    return next.handle().pipe(finalize(release));
  }
}
