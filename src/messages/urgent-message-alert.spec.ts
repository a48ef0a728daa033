import { URGENT_ALERT_MAX_LENGTH, urgentMessageAlert } from './urgent-message-alert';

const DETAILS = {
  callerName: 'Ana Diaz',
  callerPhone: '+1 786 555 0198',
  body: 'The pipe burst in the kitchen.',
  forPerson: 'Dr. Lee',
};

describe('urgentMessageAlert', () => {
  it('says who, how to call back, for whom and what, in English', () => {
    expect(urgentMessageAlert(DETAILS, 'en')).toBe(
      'Urgent message from Ana Diaz (+1 786 555 0198) for Dr. Lee: The pipe burst in the kitchen',
    );
  });

  it('in Spanish for a Spanish tenant', () => {
    expect(urgentMessageAlert({ ...DETAILS, body: 'Se rompió una tubería.' }, 'es')).toBe(
      'Mensaje urgente de Ana Diaz (+1 786 555 0198) para Dr. Lee: Se rompió una tubería',
    );
  });

  it('leaves out the recipient when there is none, and adds the time to call back when there is one', () => {
    expect(urgentMessageAlert({ ...DETAILS, forPerson: null, callbackPreferredTime: 'after 5 pm' }, 'en')).toBe(
      'Urgent message from Ana Diaz (+1 786 555 0198): The pipe burst in the kitchen. Call back: after 5 pm',
    );
    expect(
      urgentMessageAlert({ ...DETAILS, forPerson: undefined, callbackPreferredTime: 'después de las 5' }, 'es'),
    ).toBe('Mensaje urgente de Ana Diaz (+1 786 555 0198): The pipe burst in the kitchen. Llamar: después de las 5');
  });

  it('shortens a long message at a word to fit, with an ellipsis', () => {
    const body = 'The water is everywhere and rising. '.repeat(40);
    const text = urgentMessageAlert({ ...DETAILS, body, callbackPreferredTime: 'right away' }, 'en');

    expect(text.length).toBeLessThanOrEqual(URGENT_ALERT_MAX_LENGTH);
    expect(text).toMatch(/^Urgent message from Ana Diaz \(\+1 786 555 0198\) for Dr\. Lee: The water is everywhere/);
    expect(text).toMatch(/\S… Call back: right away$/);
  });

  it('stays within the limit whatever the caller said, on one line', () => {
    const long = 'x'.repeat(5000);
    const text = urgentMessageAlert(
      { callerName: long, callerPhone: '+1 786 555 0198', body: long, forPerson: long, callbackPreferredTime: long },
      'es',
    );
    expect(text.length).toBeLessThanOrEqual(URGENT_ALERT_MAX_LENGTH);
    const lines = urgentMessageAlert({ ...DETAILS, body: 'line one\nline two\r\n\tthree' }, 'en');
    expect(lines).toBe('Urgent message from Ana Diaz (+1 786 555 0198) for Dr. Lee: line one line two three');
  });
});
