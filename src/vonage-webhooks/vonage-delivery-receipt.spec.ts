import { readDeliveryReceipt } from './vonage-delivery-receipt';

const RECEIVED = new Date('2025-02-01T00:00:00.000Z');
const BASE = {
  messageId: '0A0000000123ABCD1',
  'client-ref': '6f1c1c8e-3c1b-4f57-9a53-0d6c1e0f2b11',
  'message-timestamp': '2025-01-31 14:05:09',
};

describe('readDeliveryReceipt', () => {
  it('reads a delivered receipt, without a reason', () => {
    expect(readDeliveryReceipt({ ...BASE, status: 'delivered', 'err-code': '0' }, RECEIVED)).toEqual({
      providerMessageId: '0A0000000123ABCD1',
      reference: '6f1c1c8e-3c1b-4f57-9a53-0d6c1e0f2b11',
      status: 'delivered',
      reason: null,
      reportedAt: new Date('2025-01-31T14:05:09.000Z'),
    });
  });

  it('gives failed, rejected and expired receipts a readable reason with the err-code', () => {
    expect(readDeliveryReceipt({ ...BASE, status: 'failed', 'err-code': '6' }, RECEIVED)?.reason).toBe(
      'Vonage delivery receipt: failed (err-code 6: Anti-Spam Rejection)',
    );
    expect(readDeliveryReceipt({ ...BASE, status: 'rejected', 'err-code': '77' }, RECEIVED)?.reason).toBe(
      'Vonage delivery receipt: rejected (err-code 77)',
    );
    expect(readDeliveryReceipt({ ...BASE, status: 'EXPIRED' }, RECEIVED)?.reason).toBe(
      'Vonage delivery receipt: expired',
    );
    expect(readDeliveryReceipt({ ...BASE, status: 'buffered', 'err-code': '0' }, RECEIVED)?.reason).toBeNull();
  });

  it('needs a status it knows, and a message id or client-ref', () => {
    expect(readDeliveryReceipt({ ...BASE, status: 'lost' }, RECEIVED)).toBeNull();
    expect(readDeliveryReceipt({ ...BASE }, RECEIVED)).toBeNull();
    expect(readDeliveryReceipt({ status: 'delivered', messageId: ' ' }, RECEIVED)).toBeNull();
    expect(readDeliveryReceipt({ status: 'delivered', 'client-ref': 'ref-1' }, RECEIVED)).toMatchObject({
      providerMessageId: null,
      reference: 'ref-1',
    });
  });
});
