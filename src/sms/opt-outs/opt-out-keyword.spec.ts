import { readOptOutKeyword } from './opt-out-keyword';

describe('readOptOutKeyword', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop. ',
    'STOPALL',
    'unsubscribe',
    'Cancel!',
    'end',
    'QUIT',
    '*STOP*',
    'ＳＴＯＰ',
    'stop please',
    'STOP\nthanks',
  ])('reads %j as an opt-out', (text) => {
    expect(readOptOutKeyword(text)?.optedOut).toBe(true);
  });

  it.each(['START', 'start', 'Unstop', ' start! '])('reads %j as an opt-in', (text) => {
    expect(readOptOutKeyword(text)?.optedOut).toBe(false);
  });

  it('records the keyword upper-cased, without its punctuation', () => {
    expect(readOptOutKeyword('  stop-all, please')).toEqual({ keyword: 'STOPALL', optedOut: true });
    expect(readOptOutKeyword('Unstop.')).toEqual({ keyword: 'UNSTOP', optedOut: false });
  });

  it.each(['', '   ', 'YES', 'please stop', 'STOPPED', 'Stopping by at 5', 'ok', 'HELP', 'start-up news?'])(
    'does not read %j as a keyword',
    (text) => {
      expect(readOptOutKeyword(text)).toBeNull();
    },
  );
});
