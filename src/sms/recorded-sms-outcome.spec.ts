import { recordedSmsOutcome } from './recorded-sms-outcome';

describe('recordedSmsOutcome', () => {
  it('reads what a recorded text came to from its status and reason', () => {
    expect(recordedSmsOutcome({ status: 'sent', error: null })).toBe('sent');
    expect(recordedSmsOutcome({ status: 'delivered', error: null })).toBe('sent');
    expect(recordedSmsOutcome({ status: 'rejected', error: 'Vonage delivery receipt: rejected' })).toBe('sent');
    expect(recordedSmsOutcome({ status: 'logged', error: null })).toBe('logged');
    expect(recordedSmsOutcome({ status: 'queued', error: 'timeout' })).toBe('queued');
    expect(recordedSmsOutcome({ status: 'sending', error: null })).toBe('queued');
    expect(recordedSmsOutcome({ status: 'blocked', error: 'the recipient opted out of texts (STOP)' })).toBe(
      'opted_out',
    );
    expect(recordedSmsOutcome({ status: 'blocked', error: 'the per-call cap of 3 texts was reached' })).toBe('capped');
    expect(recordedSmsOutcome({ status: 'blocked', error: 'SMS destination refused: a premium-rate number' })).toBe(
      'destination_refused',
    );
    expect(recordedSmsOutcome({ status: 'failed', error: 'timeout (gave up after 6 attempts)' })).toBe('gave_up');
    expect(recordedSmsOutcome({ status: 'failed', error: 'Invalid number' })).toBe('refused');
  });
});
