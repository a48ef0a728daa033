import { createHmac } from 'node:crypto';

import type { Body } from './values';

export function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** An HS256 JWT signed with `secret`, as @nestjs/jwt would sign it. */
export function signJwt(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export function decodeJwtPayload(token: string): Body {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Body;
}

/** A staff token signed with the app's secret, as @nestjs/jwt signs them (HS256, staff audience, ten minutes). */
export function signStaffToken(claims: { sub: string; email: string; ver: number }, secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ ...claims, aud: 'voice-crm:staff', iat: now, exp: now + 600 }, secret);
}
