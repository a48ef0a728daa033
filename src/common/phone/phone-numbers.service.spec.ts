import { ConfigService } from '@nestjs/config';

import { DomainException } from '../errors/domain.exception';
import { PhoneNumbersService } from './phone-numbers.service';

describe('PhoneNumbersService', () => {
  const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));

  describe('toE164', () => {
    it.each([
      ['(786) 555-0198', '+17865550198'],
      ['786-555-0198', '+17865550198'],
      ['786.555.0198', '+17865550198'],
      ['786 555 0198', '+17865550198'],
      ['7865550198', '+17865550198'],
      ['17865550198', '+17865550198'],
      ['1 786 555 0198', '+17865550198'],
      ['1-786-555-0198', '+17865550198'],
      ['1 (786) 555-0198', '+17865550198'],
      ['+1 786 555 0198', '+17865550198'],
      ['+1 (786) 555-0198', '+17865550198'],
      ['+1-786-555-0198', '+17865550198'],
      ['+17865550198', '+17865550198'],
      ['  786 555 0198  ', '+17865550198'],
      ['786 555 0198\n', '+17865550198'],
      ['786 5550 198', '+17865550198'],
      ['786-555-0198 ext. 12', '+17865550198'],
      ['786-555-0198 x12', '+17865550198'],
      ['tel:+17865550198', '+17865550198'],
      ['(212) 555-0100', '+12125550100'],
      ['(800) 555-0199', '+18005550199'],
      ['+44 20 7183 8750', '+442071838750'],
      ['011 44 20 7183 8750', '+442071838750'],
      ['+52 55 1234 5678', '+525512345678'],
      ['+34 612 34 56 78', '+34612345678'],
    ])('%p → %p', (raw, expected) => {
      expect(phones.toE164(raw)).toBe(expected);
    });

    it.each<[string, unknown]>([
      ['a local number without area code', '555-0198'],
      ['too few digits', '12345'],
      ['too many digits', '+1 786 555 01988'],
      ['an impossible area code', '(123) 456-7890'],
      ['an area code starting with 0', '(086) 555-0198'],
      ['an unknown country code', '+999 123 4567'],
      ['words', 'seven eight six five five five'],
      ['only a plus', '+'],
      ['empty', ''],
      ['blank', '    '],
      ['longer than 40 characters', '7865550198'.repeat(5)],
      ['null', null],
      ['undefined', undefined],
    ])('%s → null', (_label, raw) => {
      expect(phones.toE164(raw as string | null | undefined)).toBeNull();
    });

    it('reads a national number in the country it is given', () => {
      expect(phones.toE164('020 7183 8750', 'GB')).toBe('+442071838750');
      expect(phones.toE164('020 7183 8750')).toBeNull();
    });

    it('uses the configured default country', () => {
      const british = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'GB' }));
      expect(british.toE164('020 7183 8750')).toBe('+442071838750');
      expect(british.toE164('+1 786 555 0198')).toBe('+17865550198');
    });

    it('is idempotent on its own output', () => {
      for (const raw of ['(786) 555-0198', '+44 20 7183 8750', '+52 55 1234 5678']) {
        const once = phones.toE164(raw);
        expect(once).not.toBeNull();
        expect(phones.toE164(once)).toBe(once);
      }
    });
  });

  describe('requireE164', () => {
    it('answers E.164 for a valid number', () => {
      expect(phones.requireE164('(786) 555-0198')).toBe('+17865550198');
      expect(phones.requireE164('786.555.0198', 'callerPhone')).toBe('+17865550198');
    });

    it('throws an invalid DomainException naming the default field "phone"', () => {
      let thrown: unknown;
      try {
        phones.requireE164('555-0198');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainException);
      expect(thrown).toMatchObject({ code: 'invalid', field: 'phone', reason: 'phone' });
      expect((thrown as DomainException).message).toContain('phone');
    });

    it.each(['toPhone', 'callerPhone', 'mobile'])('throws an invalid DomainException naming the field %p', (field) => {
      let thrown: unknown;
      try {
        phones.requireE164('not a number', field);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainException);
      expect(thrown).toMatchObject({ code: 'invalid', field, reason: 'phone' });
      expect((thrown as DomainException).message).toContain(field);
    });
  });

  describe('lastFour', () => {
    it.each([
      ['+17865550198', '0198'],
      ['+442071838750', '8750'],
    ])('%p → %p', (e164, expected) => {
      expect(phones.lastFour(e164)).toBe(expected);
    });
  });
});
