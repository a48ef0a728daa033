import { DateTime } from 'luxon';

import type { PolicyStanding } from './dto/policy-standing';
import type { Policy, PolicyStatus } from './policy.entity';

// A policy in one of these states is over (or will be) on its renewal date rather than renewed.
const ENDING_STATUSES = new Set<PolicyStatus>(['expired', 'lapsed', 'cancelled']);

/**
 * Where a found policy stands. Whether its end is past or still to come is decided by the
 * calendar of `zone` (the tenant's, where the caller is) on the day of `now`.
 */
export function policyStanding(
  policy: Pick<Policy, 'status' | 'renewalDate'>,
  zone: string,
  now: DateTime = DateTime.now(),
): PolicyStanding {
  const { status, renewalDate } = policy;
  if (renewalDate && ENDING_STATUSES.has(status) && DateTime.fromISO(renewalDate, { zone: 'UTC' }).isValid) {
    const today = now.setZone(zone).toISODate() ?? '';
    return { kind: 'ending', status, endsOn: renewalDate, alreadyEnded: renewalDate <= today };
  }
  return { kind: 'current', status, renewalDate };
}
