import { looseBoolean, looseMinutes, looseText } from './loose-values';

describe('looseText', () => {
  it.each<[unknown, unknown]>([
    ['Ana', 'Ana'],
    ['  Ana  ', 'Ana'],
    ['Ana   María\n García', 'Ana María García'],
    ['\tline one\r\nline two ', 'line one line two'],
    ['', undefined],
    ['   ', undefined],
    ['\n\t', undefined],
    [7865550198, '7865550198'],
    [0, '0'],
    [-12.5, '-12.5'],
    [undefined, undefined],
    // A model's way of saying "not given".
    [null, undefined],
    ['Ana\u0000 Diaz', 'Ana Diaz'],
    ['\u0000', undefined],
  ])('%p → %p', (value, expected) => {
    expect(looseText({ value })).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['true', true],
  ])('leaves %s for validation to refuse (not text)', (_label, value) => {
    const result = looseText({ value });
    expect(typeof result).not.toBe('string');
    expect(result).toBe(value);
  });

  it('leaves objects and arrays untouched for validation to refuse', () => {
    const object = { first: 'Ana' };
    const array = ['Ana'];
    expect(looseText({ value: object })).toBe(object);
    expect(looseText({ value: array })).toBe(array);
  });
});

describe('looseBoolean', () => {
  it.each<[unknown]>([
    [true],
    ['true'],
    ['TRUE'],
    ['True'],
    ['yes'],
    ['Yes'],
    ['YES'],
    [' yes '],
    ['y'],
    ['Y'],
    ['yeah'],
    ['yep'],
    ['si'],
    ['sí'],
    ['1'],
    [1],
    ['urgent'],
    ['URGENT'],
    ['high'],
  ])('%p → true', (value) => {
    expect(looseBoolean({ value })).toBe(true);
  });

  it.each<[unknown]>([
    [false],
    ['false'],
    ['False'],
    ['no'],
    ['No'],
    ['NO'],
    ['n'],
    ['nope'],
    ['0'],
    [0],
    ['not urgent'],
    ['Not Urgent'],
    ['normal'],
    ['low'],
  ])('%p → false', (value) => {
    expect(looseBoolean({ value })).toBe(false);
  });

  it.each<[unknown]>([
    ['maybe'],
    ['kind of'],
    ['yes and no'],
    [''],
    ['   '],
    ['2'],
    [2],
    [-1],
    [0.5],
    [Number.NaN],
    [null],
    [undefined],
    [{}],
    [['yes']],
    [{ urgent: true }],
  ])('%p → absent (undefined)', (value) => {
    expect(looseBoolean({ value })).toBeUndefined();
  });
});

describe('looseMinutes', () => {
  it.each<[unknown, number]>([
    [30, 30],
    [45, 45],
    [0, 0],
    ['30', 30],
    [' 30 ', 30],
    ['30m', 30],
    ['30 m', 30],
    ['30 min', 30],
    ['30 mins', 30],
    ['30 minutes', 30],
    ['30 Minutes', 30],
    ['90 minutes', 90],
    ['1 minute', 1],
    ['999', 999],
    ['an hour', 60],
    ['An Hour', 60],
    ['one hour', 60],
    ['half an hour', 30],
    ['half hour', 30],
    ['a half hour', 30],
    ['an hour and a half', 90],
    ['two hours', 120],
    ['1 hour', 60],
    ['1h', 60],
    ['1 hr', 60],
    ['2 hrs', 120],
    ['2 hours', 120],
    ['1.5 hours', 90],
    ['0.75 hours', 45],
    ['1.25h', 75],
  ])('%p → %p', (value, expected) => {
    expect(looseMinutes({ value })).toBe(expected);
  });

  it.each<[unknown]>([
    ['forever'],
    ['a while'],
    ['thirty minutes'],
    ['1000'],
    ['-30'],
    ['30 seconds'],
    ['1 day'],
    ['1h30'],
    ['30.5'],
    [''],
    [30.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
    [true],
    [{ minutes: 30 }],
    [[30]],
  ])('%p → absent (undefined)', (value) => {
    expect(looseMinutes({ value })).toBeUndefined();
  });
});
