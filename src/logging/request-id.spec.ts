import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it("keeps a caller's sane id", () => {
    for (const id of ['abc', 'req_01HXYZ', '1-5759e988-bd862e3fe1be46a994272793', 'trace.id:42', 'x'.repeat(128)])
      expect(requestIdFrom(id)).toBe(id);
  });

  it('generates a UUID for a missing, repeated, long or unsafe id', () => {
    for (const header of [
      undefined,
      '',
      ['a', 'b'],
      'a, b',
      'x'.repeat(129),
      'id with spaces',
      'id\nforged line',
      '"quoted"',
      'ünïcode',
    ]) {
      expect(requestIdFrom(header)).toMatch(UUID);
    }
  });

  it('generates a different id each time', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
