import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { ToolContext } from '../tool-handler';

/**
 * How much earlier than the dead delivery's claim a record of it may be stamped: records and
 * claims are stamped by the clocks of the app instances, which may differ a little.
 */
const CLOCK_MARGIN_MS = 5_000;

/**
 * The records of this call (`findByCall`: a domain service's) that an earlier, dead delivery of
 * this same tool call may have made, oldest first; none, and no query, when this delivery resumes
 * nothing. A handler narrows them to the ones matching its own values: the same call with the
 * same args made exactly those, and a re-delivery reports them instead of making them again.
 */
export async function madeByDeadDelivery<T extends { createdAt: Date }>(
  context: ToolContext,
  findByCall: (scope: TenantScope, callId: string) => Promise<T[]>,
): Promise<T[]> {
  const { resumes, callId } = context;
  if (!resumes || callId === null) return [];
  const since = resumes.claimedAt.getTime() - CLOCK_MARGIN_MS;
  return (await findByCall(context.scope, callId)).filter((record) => new Date(record.createdAt).getTime() >= since);
}
