import { isCommonPassword } from './common-passwords';

describe('isCommonPassword', () => {
  it('finds a password on the list whatever its case, and a listed word dressed with digits or symbols', () => {
    for (const password of ['Password1234', 'password', 'QWERTY123456', 'Sunshine2024!', '!!Dragon2026', 'iloveyou'])
      expect([password, isCommonPassword(password)]).toEqual([password, true]);
  });

  it('lets through passphrases and random passwords, and short words padded with random digits', () => {
    for (const password of ['Harbour-Office-Tuesday-7', 'Kx9pQ2mZ7w41', 'Test-Admin-Passw0rd!', 'Zx804716253948'])
      expect([password, isCommonPassword(password)]).toEqual([password, false]);
  });
});
