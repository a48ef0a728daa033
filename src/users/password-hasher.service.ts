import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

const KEY_LENGTH = 64;
// N=2^15, r=8, p=1: OWASP's scrypt floor; needs 32 MiB, so maxmem is raised above Node's default.
const PARAMETERS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** scrypt from node:crypto (no native module); the stored form carries its own parameters. */
@Injectable()
export class PasswordHasherService {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, PARAMETERS);
    return ['scrypt', PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64'), key.toString('base64')].join(
      '$',
    );
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    try {
      const actual = await derive(password, Buffer.from(salt, 'base64'), {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        maxmem: PARAMETERS.maxmem,
      });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    } catch {
      // Parameters scrypt refuses (a corrupted row): no password matches it.
      return false;
    }
  }
}
