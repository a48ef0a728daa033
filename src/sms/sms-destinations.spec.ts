import { smsDestinationRefusal } from './sms-destinations';

describe('smsDestinationRefusal', () => {
  it.each([
    ['a US mobile or fixed line', '+17865550198', ['US']],
    ['a Spanish mobile for a Spanish tenant', '+34612345678', ['ES']],
    ['a second allowed country', '+79123456789', ['US', 'RU']],
  ])('allows %s', (_label, phone, countries) => {
    expect(smsDestinationRefusal(phone, countries)).toBeNull();
  });

  it.each([
    ['+19005550100', 'SMS destination refused: a premium-rate number'],
    ['+449098790000', 'SMS destination refused: a premium-rate number'],
    ['+8821600000000', 'SMS destination refused: a VoIP or non-geographic number'],
    ['+18005550100', 'SMS destination refused: a toll-free number'],
    ['+5351234567', "SMS destination refused: country CU is not among the tenant's SMS countries (US)"],
    ['+252611234567', "SMS destination refused: country SO is not among the tenant's SMS countries (US)"],
    ['+79123456789', "SMS destination refused: country RU is not among the tenant's SMS countries (US)"],
    ['+1555', 'SMS destination refused: not a valid phone number'],
  ])('refuses %s for a US tenant', (phone, reason) => {
    expect(smsDestinationRefusal(phone, ['US'])).toBe(reason);
  });

  it('refuses premium-rate and shared-cost numbers even in an allowed country', () => {
    expect(smsDestinationRefusal('+449098790000', ['GB'])).toBe('SMS destination refused: a premium-rate number');
    expect(smsDestinationRefusal('+33810123456', ['FR'])).toBe('SMS destination refused: a shared-cost number');
  });
});
