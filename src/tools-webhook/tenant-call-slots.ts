import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { EnvironmentVariables } from '../config/environment';

/** Gives the turn back; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** The longest a call waits for its tenant's turn (at most half the deadline, so it still has time to run). */
export const MAX_QUEUE_WAIT_MS = 2000;

interface Waiter {
  grant: (release: ReleaseSlot | null) => void;
  timer: NodeJS.Timeout;
}

interface TenantSlots {
  inFlight: number;
  waiting: Waiter[];
}

/**
 * Per tenant, how many tool calls this instance works on at once (WEBHOOK_CONCURRENCY_PER_TENANT):
 * the next ones wait in the tenant's own queue (WEBHOOK_QUEUE_PER_TENANT long, first come first
 * served, MAX_QUEUE_WAIT_MS at most) and are refused as busy beyond it. Other tenants' calls never
 * wait behind them: one tenant's flood holds at most its own slots of the event loop they share.
 */
@Injectable()
export class TenantCallSlots {
  private readonly tenants = new Map<string, TenantSlots>();
  readonly concurrency: number;
  readonly queueLength: number;
  readonly maxWaitMs: number;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.concurrency = config.get('WEBHOOK_CONCURRENCY_PER_TENANT', { infer: true });
    this.queueLength = config.get('WEBHOOK_QUEUE_PER_TENANT', { infer: true });
    this.maxWaitMs = Math.min(MAX_QUEUE_WAIT_MS, config.get('WEBHOOK_DEADLINE_MS', { infer: true }) / 2);
  }

  /** A turn for `tenant` (the release to call when done), or null when its queue is full or the wait ran out. */
  acquire(tenant: string): Promise<ReleaseSlot | null> {
    let slots = this.tenants.get(tenant);
    if (!slots) {
      slots = { inFlight: 0, waiting: [] };
      this.tenants.set(tenant, slots);
    }
    if (slots.inFlight < this.concurrency) {
      slots.inFlight += 1;
      return Promise.resolve(this.releaseFor(tenant, slots));
    }
    if (slots.waiting.length >= this.queueLength) return Promise.resolve(null);
    const queue = slots.waiting;
    return new Promise((grant) => {
      const waiter: Waiter = {
        grant,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          grant(null);
        }, this.maxWaitMs),
      };
      queue.push(waiter);
    });
  }

  /** Calls in hand and waiting for `tenant` (for tests and logs). */
  load(tenant: string): { inFlight: number; waiting: number } {
    const slots = this.tenants.get(tenant);
    return { inFlight: slots?.inFlight ?? 0, waiting: slots?.waiting.length ?? 0 };
  }

  private releaseFor(tenant: string, slots: TenantSlots): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      if (next) {
        // The turn passes straight to the next waiter: inFlight stays as it is.
        clearTimeout(next.timer);
        next.grant(this.releaseFor(tenant, slots));
        return;
      }
      slots.inFlight -= 1;
      if (slots.inFlight === 0) this.tenants.delete(tenant);
    };
  }
}
