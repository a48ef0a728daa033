import { ConfigService } from '@nestjs/config';

import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallReplaysService } from '../../tool-calls/tool-call-replays.service';
import type { ToolCallsService } from '../../tool-calls/tool-calls.service';
import { ToolDispatcher } from '../tool-dispatcher.service';
import type { ToolHandler } from '../tool-handler';

/**
 * Every delivery is a first one: unit specs of the tools look at one call at a time. Replays are
 * exercised against a real database in test/tool-call-replays.e2e-spec.ts.
 */
const firstDeliveries = {
  claim: async () => ({ kind: 'first', fingerprint: 'unit' }),
  complete: async () => undefined,
  release: async () => undefined,
} as unknown as ToolCallReplaysService;

/** A ToolDispatcher for unit specs: the given handlers and stand-ins, the default deadline unless told. */
export function unitDispatcher(
  handlers: ToolHandler[],
  toolCalls: Pick<ToolCallsService, 'record'> & Partial<ToolCallsService>,
  tenants: Pick<TenantsService, 'resolveForCall'> & Partial<Pick<TenantsService, 'cachedLanguage'>>,
  deadlineMs = 8000,
): ToolDispatcher {
  return new ToolDispatcher(
    handlers,
    toolCalls as ToolCallsService,
    // A stand-in without a cache knows no language before the database is read.
    {
      cachedLanguage: () => undefined,
      ...tenants,
      resolveForCall: tenants.resolveForCall.bind(tenants),
    } as unknown as TenantsService,
    firstDeliveries,
    new ConfigService({ WEBHOOK_DEADLINE_MS: deadlineMs }),
  );
}
