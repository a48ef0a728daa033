import { vonageEventTime } from './vonage-timestamp';

const RECEIVED = new Date('2025-02-01T00:00:00.000Z');

describe('vonageEventTime', () => {
  it("reads message-timestamp as UTC, in Vonage's format", () => {
    expect(vonageEventTime({ 'message-timestamp': '2025-01-31 14:05:09' }, RECEIVED).toISOString()).toBe(
      '2025-01-31T14:05:09.000Z',
    );
    expect(vonageEventTime({ 'message-timestamp': '2025-01-31T14:05:09' }, RECEIVED).toISOString()).toBe(
      '2025-01-31T14:05:09.000Z',
    );
  });

  it('falls back to the signed timestamp, then to the time received', () => {
    expect(vonageEventTime({ 'message-timestamp': 'soon', timestamp: '1738332309' }, RECEIVED).toISOString()).toBe(
      '2025-01-31T14:05:09.000Z',
    );
    expect(vonageEventTime({ 'message-timestamp': '2025-02-30 10:00:00' }, RECEIVED)).toEqual(RECEIVED);
    expect(vonageEventTime({ 'message-timestamp': '2025-01-31 24:00:00' }, RECEIVED)).toEqual(RECEIVED);
    expect(vonageEventTime({}, RECEIVED)).toEqual(RECEIVED);
  });
});

describe('vonageEventTime in the future', () => {
  it('clamps a time later than arrival plus the allowed skew to the arrival time', () => {
    expect(vonageEventTime({ 'message-timestamp': '2099-01-01 00:00:00' }, RECEIVED)).toEqual(RECEIVED);
    expect(vonageEventTime({ timestamp: '4070908800' }, RECEIVED)).toEqual(RECEIVED);
    expect(vonageEventTime({ 'message-timestamp': '2025-02-01 00:05:01' }, RECEIVED)).toEqual(RECEIVED);
  });

  it('keeps a time ahead of arrival by no more than the skew', () => {
    expect(vonageEventTime({ 'message-timestamp': '2025-02-01 00:05:00' }, RECEIVED).toISOString()).toBe(
      '2025-02-01T00:05:00.000Z',
    );
  });
});
