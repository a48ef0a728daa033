import { readInboundSms } from './vonage-inbound-sms';

const RECEIVED = new Date('2025-02-01T00:00:00.000Z');

describe('readInboundSms', () => {
  it('reads the sender as E.164, the text, the message id and the time', () => {
    expect(
      readInboundSms(
        {
          msisdn: '17865550111',
          to: '12015550123',
          messageId: 'm-1',
          text: 'STOP',
          'message-timestamp': '2025-01-31 14:05:09',
        },
        RECEIVED,
      ),
    ).toEqual({
      phone: '+17865550111',
      text: 'STOP',
      providerMessageId: 'm-1',
      sentAt: new Date('2025-01-31T14:05:09.000Z'),
    });
    expect(readInboundSms({ msisdn: '+447700900123' }, RECEIVED)).toEqual({
      phone: '+447700900123',
      text: '',
      providerMessageId: null,
      sentAt: RECEIVED,
    });
  });

  it("falls back to Vonage's keyword when there is no text", () => {
    expect(readInboundSms({ msisdn: '17865550111', keyword: 'STOP' }, RECEIVED)?.text).toBe('STOP');
  });

  it('ignores a sender that is not a phone number', () => {
    for (const msisdn of ['', 'VoiceCRM', '12345', '1234567890123456', '1786-555-0111'])
      expect([msisdn, readInboundSms({ msisdn, text: 'STOP' }, RECEIVED)]).toEqual([msisdn, null]);
    expect(readInboundSms({ text: 'STOP' }, RECEIVED)).toBeNull();
  });
});
