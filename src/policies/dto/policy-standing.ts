import type { PolicyStatus } from '../policy.entity';

/**
 * Where a policy a caller asked about stands: not found (or not matching the holder), in force
 * or renewing with its renewal date, or ending (expired, lapsed, cancelled) on a day that has
 * passed or is still to come in the tenant's calendar. Dates are YYYY-MM-DD.
 */
export type PolicyStanding =
  | { kind: 'not_found' }
  | { kind: 'current'; status: PolicyStatus; renewalDate: string | null }
  | { kind: 'ending'; status: PolicyStatus; endsOn: string; alreadyEnded: boolean };
