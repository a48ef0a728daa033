import { PasswordHasherService } from './password-hasher.service';

const PASSWORD = 'correct horse battery staple';

/** Flips one character of a base64 string, keeping it valid base64 of the same length. */
function flipFirst(base64: string): string {
  return `${base64[0] === 'A' ? 'B' : 'A'}${base64.slice(1)}`;
}

describe('PasswordHasherService', () => {
  const hasher = new PasswordHasherService();
  let stored: string;
  let again: string;

  beforeAll(async () => {
    stored = await hasher.hash(PASSWORD);
    again = await hasher.hash(PASSWORD);
  });

  describe('hash', () => {
    it('stores the scheme, its parameters, a salt and the key', () => {
      const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
      expect(rest).toEqual([]);
      expect(scheme).toBe('scrypt');
      expect(Number(n)).toBeGreaterThanOrEqual(2 ** 15);
      expect(Number(r)).toBeGreaterThanOrEqual(8);
      expect(Number(p)).toBeGreaterThanOrEqual(1);
      expect(Buffer.from(salt, 'base64').length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(key, 'base64').length).toBeGreaterThanOrEqual(32);
    });

    it('differs on every call for the same password (a fresh salt)', () => {
      expect(again).not.toBe(stored);
      expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
      expect(again.split('$')[5]).not.toBe(stored.split('$')[5]);
    });

    it('never contains the password', () => {
      expect(stored).not.toContain(PASSWORD);
      expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    });
  });

  describe('verify', () => {
    it('accepts the password against each of its hashes', async () => {
      await expect(hasher.verify(PASSWORD, stored)).resolves.toBe(true);
      await expect(hasher.verify(PASSWORD, again)).resolves.toBe(true);
    });

    it.each([
      ['another password', 'correct horse battery stapler'],
      ['a different case', PASSWORD.toUpperCase()],
      ['a trailing space', `${PASSWORD} `],
      ['the empty string', ''],
      ['a prefix', PASSWORD.slice(0, -1)],
    ])('refuses %s', async (_label, attempt) => {
      await expect(hasher.verify(attempt, stored)).resolves.toBe(false);
    });

    it('handles passwords beyond ASCII', async () => {
      const unicode = 'contraseña-segura-🙂-密码';
      const hashed = await hasher.hash(unicode);
      await expect(hasher.verify(unicode, hashed)).resolves.toBe(true);
      await expect(hasher.verify('contrasena-segura-🙂-密码', hashed)).resolves.toBe(false);
    });

    describe('a tampered or foreign stored hash', () => {
      const tampered: Array<[string, () => string]> = [
        [
          'a changed key',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 5 ? flipFirst(part) : part))
              .join('$'),
        ],
        [
          'a changed salt',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 4 ? flipFirst(part) : part))
              .join('$'),
        ],
        [
          'a shortened key',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 5 ? part.slice(0, 40) : part))
              .join('$'),
        ],
        [
          'an empty key',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 5 ? '' : part))
              .join('$'),
        ],
        [
          'an empty salt',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 4 ? '' : part))
              .join('$'),
        ],
        ['the key of another hash', () => [...stored.split('$').slice(0, 5), again.split('$')[5]].join('$')],
        [
          'a smaller cost with the same key',
          () =>
            stored
              .split('$')
              .map((part, index) => (index === 1 ? '16384' : part))
              .join('$'),
        ],
        ['another scheme name', () => stored.replace(/^scrypt/, 'argon2id')],
        ['a bcrypt hash', () => '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
        ['an argon2 hash', () => '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'],
        ['the password in plain text', () => PASSWORD],
        ['the empty string', () => ''],
        ['only the scheme', () => 'scrypt'],
        ['only separators', () => '$$$$$'],
      ];

      it.each(tampered)('refuses %s', async (_label, make) => {
        await expect(hasher.verify(PASSWORD, make())).resolves.toBe(false);
      });
    });
  });

  describe('verify against a corrupted stored hash', () => {
    it.each([
      ['a cost that is not a number', (parts: string[]) => ['scrypt', 'abc', ...parts.slice(2)]],
      ['a cost that is not a power of two', (parts: string[]) => ['scrypt', '1', ...parts.slice(2)]],
      ['a cost beyond the memory limit', (parts: string[]) => ['scrypt', '16777216', ...parts.slice(2)]],
    ])('answers false, never throws, for %s', async (_case, corrupt) => {
      await expect(hasher.verify(PASSWORD, corrupt(stored.split('$')).join('$'))).resolves.toBe(false);
    });
  });
});
