import { ConfigService } from '@nestjs/config';

import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import { phoneDigitsFromSpeech } from './spoken-phone-number';
import { SpokenPhoneNumbersService } from './spoken-phone-numbers.service';

describe('phone numbers as callers say them', () => {
  // DEFAULT_COUNTRY is US; each row names the tenant's country the number is read in.
  const phones = new SpokenPhoneNumbersService(new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' })));

  describe('valid forms → E.164', () => {
    it.each<[string, string, string]>([
      // Written forms, US tenant.
      ['786 555 0198', 'US', '+17865550198'],
      ['(786) 555-0198', 'US', '+17865550198'],
      ['786.555.0198', 'US', '+17865550198'],
      ['786-555-0198', 'US', '+17865550198'],
      ['[786] 555 0198', 'US', '+17865550198'],
      ['1 786 555 0198', 'US', '+17865550198'],
      ['1-786-555-0198', 'US', '+17865550198'],
      ['+1 786 555 0198', 'US', '+17865550198'],
      ['+1 (786) 555-0198', 'US', '+17865550198'],
      ['001 786 555 0198', 'US', '+17865550198'],
      ['011 34 612 345 678', 'US', '+34612345678'],
      // Spoken forms, English.
      ['seven eight six, five five five, oh one nine eight', 'US', '+17865550198'],
      ['seven eight six five five five zero one nine eight', 'US', '+17865550198'],
      ['Seven-Eight-Six Five-Five-Five O-One-Nine-Eight', 'US', '+17865550198'],
      ['seven eight six double five five oh one nine eight', 'US', '+17865550198'],
      ['seven eight six triple five oh one nine eight', 'US', '+17865550198'],
      ['seven eight six five five five oh one ninety eight', 'US', '+17865550198'],
      ['seven eight six five five five oh one ninety-eight', 'US', '+17865550198'],
      ['plus one seven eight six five five five oh one nine eight', 'US', '+17865550198'],
      ['one eight hundred five five five oh one nine nine', 'US', '+18005550199'],
      ['two one two, five five five, oh one hundred', 'US', '+12125550100'],
      // Words and digits mixed.
      ['786 555 oh one nine eight', 'US', '+17865550198'],
      ['my number is 786 five five five 0198', 'US', '+17865550198'],
      ["it's seven 86, 555, zero 1 nine 8", 'US', '+17865550198'],
      ['786 555 0198 extension twelve', 'US', '+17865550198'],
      // Spoken forms, Spanish.
      ['siete ocho seis cinco cinco cinco cero uno nueve ocho', 'US', '+17865550198'],
      ['siete ocho seis, doble cinco cinco, cero uno nueve ocho', 'US', '+17865550198'],
      ['Siete Ocho Seis Cinco Cinco Cinco Cero Uno Noventa y Ocho', 'US', '+17865550198'],
      ['mi número es siete ocho seis cinco cinco cinco cero uno nueve ocho', 'US', '+17865550198'],
      // A Spanish tenant: national numbers are Spanish, numbers said in pairs as Spaniards do.
      ['612 345 678', 'ES', '+34612345678'],
      ['612 34 56 78', 'ES', '+34612345678'],
      ['612-345-678', 'ES', '+34612345678'],
      ['+34 612 345 678', 'ES', '+34612345678'],
      ['0034 612 345 678', 'ES', '+34612345678'],
      ['91 123 45 67', 'ES', '+34911234567'],
      ['seis doce treinta y cuatro cincuenta y seis setenta y ocho', 'ES', '+34612345678'],
      ['seis uno dos tres cuatro cinco seis siete ocho', 'ES', '+34612345678'],
      ['más treinta y cuatro seis uno dos tres cuatro cinco seis siete ocho', 'ES', '+34612345678'],
      // International numbers keep their own country, whatever the tenant's.
      ['+44 20 7946 0958', 'ES', '+442079460958'],
      ['+44 20 7946 0958', 'US', '+442079460958'],
      ['00 44 20 7946 0958', 'ES', '+442079460958'],
      ['+1 786 555 0198', 'ES', '+17865550198'],
      ['plus four four two oh seven nine four six oh nine five eight', 'US', '+442079460958'],
      ['020 7946 0958', 'GB', '+442079460958'],
    ])('%p in %s → %p', (said, country, expected) => {
      expect(phones.toE164(said, country)).toBe(expected);
    });
  });

  describe('forms that are no usable number → null (the caller is asked again)', () => {
    it.each<[string, string, string]>([
      ['too few digits, spoken', 'seven eight six five five five', 'US'],
      ['a local number without area code', 'five five five oh one nine eight', 'US'],
      ['too many digits', 'seven eight six five five five oh one nine eight eight', 'US'],
      ['an impossible area code', 'one two three four five six seven eight nine oh', 'US'],
      ['a sentence after the digits', 'seven eight six five five five call me after five', 'US'],
      ['no number at all', 'my cell', 'US'],
      ['a number word alone', 'twenty', 'US'],
      ['a US number for a Spanish tenant', '786 555 0198', 'ES'],
      ['a Spanish number too short', 'seis doce treinta y cuatro', 'ES'],
      ['"plus" alone', 'plus', 'US'],
      ['far too long', 'seven '.repeat(40), 'US'],
    ])('%s: %p', (_label, said, country) => {
      expect(phones.toE164(said, country)).toBeNull();
    });
  });

  it('refuses what holds no number with the reason `phone`, naming the field', () => {
    expect(phones.requireE164('seven eight six five five five oh one nine eight', 'toPhone', 'US')).toBe(
      '+17865550198',
    );
    expect(() => phones.requireE164('my cell', 'toPhone', 'US')).toThrow(
      expect.objectContaining({ code: 'invalid', field: 'toPhone', reason: 'phone' }),
    );
  });

  it('reads national numbers in the default country when the tenant has none or an unknown one', () => {
    expect(phones.toE164('786 555 0198', null)).toBe('+17865550198');
    expect(phones.toE164('786 555 0198', 'XX')).toBe('+17865550198');
    expect(phones.toE164('612 345 678', 'es')).toBe('+34612345678');
  });
});

describe('phoneDigitsFromSpeech', () => {
  it.each<[string, string]>([
    ['seven eight six, five five five, oh one nine eight', '7 8 6 5 5 5 0 1 9 8'],
    ['double five', '55'],
    ['triple two', '222'],
    ['doble cinco', '55'],
    ['plus one', '+1'],
    ['más uno', '+1'],
    ['ninety eight', '98'],
    ['noventa y ocho', '98'],
    ['twenty oh five', '20 0 5'],
    ['veintitrés', '23'],
    ['dieciséis', '16'],
    ['eight hundred', '800'],
    ['dos mil', '2000'],
    ['cero', '0'],
  ])('%p → %p', (said, digits) => {
    expect(phoneDigitsFromSpeech(said)).toBe(digits);
  });

  it.each(['(786) 555-0198', '+1 786 555 0198', 'tel:+17865550198', '786-555-0198 ext. 12', 'not a number', ''])(
    'leaves %p as it is (no number words)',
    (text) => {
      expect(phoneDigitsFromSpeech(text)).toBe(text);
    },
  );
});
