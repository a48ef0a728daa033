import { argsOverLimits } from './args-limits';

const LIMITS = { maxKeys: 200, maxText: 20000 };

describe('argsOverLimits', () => {
  it('passes real tool calls', () => {
    expect(
      argsOverLimits({ caller_name: 'Ana', caller_phone: '+17865550198', message: 'm'.repeat(5000) }, LIMITS),
    ).toBeNull();
    expect(argsOverLimits(null, LIMITS)).toBeNull();
    expect(argsOverLimits('text', LIMITS)).toBeNull();
  });

  it('counts object keys and array items at any depth', () => {
    expect(argsOverLimits({ a: Array.from({ length: 199 }, () => 0) }, LIMITS)).toBeNull();
    expect(argsOverLimits({ a: Array.from({ length: 200 }, () => 0) }, LIMITS)).toBe('more than 200 keys');
    expect(
      argsOverLimits({ a: { b: { c: Object.fromEntries(Array.from({ length: 198 }, (_, i) => [i, 0])) } } }, LIMITS),
    ).toBe('more than 200 keys');
  });

  it('counts the text of keys and of string values, anywhere', () => {
    expect(argsOverLimits({ a: ['x'.repeat(10000), 'y'.repeat(9998)] }, LIMITS)).toBeNull();
    expect(argsOverLimits({ a: ['x'.repeat(10000), 'y'.repeat(9999)], b: 0 }, LIMITS)).toBe(
      'more than 20000 characters of text',
    );
    expect(argsOverLimits({ ['k'.repeat(20001)]: 0 }, LIMITS)).toBe('more than 20000 characters of text');
  });
});
