import { DateTime } from 'luxon';

import { policyStanding } from './policy-standing';

describe('policyStanding', () => {
  // 23:30 on January 31 in New York is already February 1 in UTC.
  const now = DateTime.fromISO('2026-01-31T23:30', { zone: 'America/New_York' });

  it.each(['expired', 'lapsed', 'cancelled'] as const)('%s with a renewal date is ending on that date', (status) => {
    expect(policyStanding({ status, renewalDate: '2030-01-31' }, 'UTC', now)).toEqual({
      kind: 'ending',
      status,
      endsOn: '2030-01-31',
      alreadyEnded: false,
    });
  });

  it("decides whether the end has passed by the tenant's calendar", () => {
    const policy = { status: 'expired', renewalDate: '2026-02-01' } as const;
    expect(policyStanding(policy, 'America/New_York', now)).toMatchObject({ kind: 'ending', alreadyEnded: false });
    expect(policyStanding(policy, 'UTC', now)).toMatchObject({ kind: 'ending', alreadyEnded: true });
  });

  it('counts the end date itself as ended', () => {
    expect(policyStanding({ status: 'lapsed', renewalDate: '2026-01-31' }, 'America/New_York', now)).toMatchObject({
      alreadyEnded: true,
    });
  });

  it.each(['active', 'pending', 'suspended'] as const)('%s is current, with its renewal date', (status) => {
    expect(policyStanding({ status, renewalDate: '2020-01-31' }, 'UTC', now)).toEqual({
      kind: 'current',
      status,
      renewalDate: '2020-01-31',
    });
  });

  it('is current when an ending status has no usable date', () => {
    expect(policyStanding({ status: 'expired', renewalDate: null }, 'UTC', now)).toEqual({
      kind: 'current',
      status: 'expired',
      renewalDate: null,
    });
    expect(policyStanding({ status: 'expired', renewalDate: 'someday' }, 'UTC', now)).toMatchObject({
      kind: 'current',
    });
  });
});
