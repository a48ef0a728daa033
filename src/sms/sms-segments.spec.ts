import { isGsm7, smsSegments } from './sms-segments';

describe('smsSegments', () => {
  it.each([
    ['an empty text', '', 1],
    ['one GSM-7 character', 'a', 1],
    ['160 GSM-7 characters', 'a'.repeat(160), 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 2],
    ['306 GSM-7 characters (2 × 153)', 'a'.repeat(306), 2],
    ['307 GSM-7 characters', 'a'.repeat(307), 3],
    ['1,600 GSM-7 characters', 'a'.repeat(1600), 11],
    ['accented letters of the basic table stay GSM-7', 'é'.repeat(160), 1],
    ['80 extension-table characters (2 septets each)', '€'.repeat(80), 1],
    ['81 extension-table characters', '€'.repeat(81), 2],
    ['159 letters and one brace (161 septets)', `${'a'.repeat(159)}{`, 2],
    ['an escape pair is never split: 152 letters then a brace', `${'a'.repeat(152)}{${'a'.repeat(10)}`, 2],
    ['70 UCS-2 characters', 'ж'.repeat(70), 1],
    ['71 UCS-2 characters', 'ж'.repeat(71), 2],
    ['134 UCS-2 characters (2 × 67)', 'ж'.repeat(134), 2],
    ['135 UCS-2 characters', 'ж'.repeat(135), 3],
    ['one non-GSM character makes all of it UCS-2', `${'a'.repeat(70)}ç`, 2],
    ['1,600 UCS-2 characters', '日'.repeat(1600), 24],
    ['35 emoji (2 units each)', '😀'.repeat(35), 1],
    ['36 emoji', '😀'.repeat(36), 2],
    ['a surrogate pair is never split: 66 units then an emoji', `${'ж'.repeat(66)}😀${'ж'.repeat(10)}`, 2],
  ])('%s', (_label, text, segments) => {
    expect(smsSegments(text)).toBe(segments);
  });

  it('tells GSM-7 from UCS-2', () => {
    expect(isGsm7('Hello [world] €5 @ 9:00\n')).toBe(true);
    expect(isGsm7('ça va')).toBe(false);
    expect(isGsm7('hola 😀')).toBe(false);
  });
});
