import fc from 'fast-check';

import { maskPhoneNumbers } from './mask-phone-numbers';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (min: number, max: number) =>
  fc.array(digit, { minLength: min, maxLength: max }).map((list) => list.join(''));

/** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all. */
const e164 = fc
  .tuple(fc.constantFrom(...'123456789'.split('')), digits(6, 14))
  .map(([first, rest]) => `+${first}${rest}`);

/** How people and systems write numbers: `#` is a digit. */
const FORMATS = [
  '(###) ###-####',
  '###-###-####',
  '###.###.####',
  '### ### ####',
  '+# ### ### ####',
  '+# (###) ###-####',
  '+#-###-###-####',
  '+## ## #### ####',
  '+## (#)## #### ####',
  '0## #### ####',
  '+### ### ####',
  '+## # ## ## ## ##',
  '0#/########',
  '+##  ###  ###  ###',
];
const formatted = fc
  .tuple(fc.constantFrom(...FORMATS), fc.array(digit, { minLength: 16, maxLength: 16 }))
  .map(([format, pool]) => format.replace(/#/g, () => pool.pop() ?? '0'));

const phoneNumber = fc.oneof(e164, formatted);
/** Any text around it: ASCII (digits and separators included, so runs merge) and any Unicode. */
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constant(''));

const onlyDigits = (value: string) => value.replace(/\D/g, '');

describe('maskPhoneNumbers', () => {
  it('leaves no more than 4 digits of any number visible, in any text, and keeps the layout', () => {
    fc.assert(
      fc.property(text, phoneNumber, text, (before, phone, after) => {
        const masked = maskPhoneNumbers(`${before}${phone}${after}`);
        // Masking replaces digits one for one, so the number sits where it was.
        expect(masked).toHaveLength(before.length + phone.length + after.length);
        const where = masked.slice(before.length, before.length + phone.length);
        expect(onlyDigits(where).length).toBeLessThanOrEqual(4);
        expect(where.replace(/[\d*]/g, '#')).toBe(phone.replace(/\d/g, '#'));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps the last 4 digits of a number set apart from other digits', () => {
    fc.assert(
      fc.property(phoneNumber, (phone) => {
        const masked = maskPhoneNumbers(`Call me on ${phone}, thanks`);
        expect(onlyDigits(masked)).toBe(onlyDigits(phone).slice(-4));
      }),
      { numRuns: 2000 },
    );
  });

  it('masks several numbers in one text, and numbers in a URL query', () => {
    expect(maskPhoneNumbers('from +17865550198 to (305) 555-0123')).toBe('from +*******0198 to (***) ***-0123');
    expect(maskPhoneNumbers('/api/leads?q=+17865550198&status=new')).toBe('/api/leads?q=+*******0198&status=new');
    expect(maskPhoneNumbers('tel:786.555.0198')).toBe('tel:***.***.0198');
  });

  it('leaves short numbers, UUIDs, ISO dates and IPv4 addresses whole', () => {
    const kept = [
      'SMS attempt 3 of 6 after 15000 ms',
      'lead 123e4567-e89b-12d3-a456-426614174000 updated',
      'SMS 00000000-0000-4000-8000-000000000000 sent',
      'due 2024-05-01T12:30:00.000Z',
      'from ::ffff:192.168.100.200',
      'no digits at all',
      '',
    ];
    for (const value of kept) expect(maskPhoneNumbers(value)).toBe(value);
  });

  it('masks a run that only looks like a date or an address when it is longer', () => {
    expect(maskPhoneNumbers('2024-05-01-7865')).toBe('****-**-**-7865');
    expect(maskPhoneNumbers('192.168.100.200.5')).toBe('***.***.***.200.5');
  });

  it('is pure: masking twice changes nothing more', () => {
    fc.assert(
      fc.property(text, phoneNumber, text, (before, phone, after) => {
        const once = maskPhoneNumbers(`${before}${phone}${after}`);
        expect(maskPhoneNumbers(once)).toBe(once);
      }),
    );
  });
});
