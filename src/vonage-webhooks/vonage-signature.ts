import { createHash, createHmac } from 'node:crypto';

import type { EnvironmentVariables } from '../config/environment';
import type { VonageParams } from './vonage-params';

export type VonageSignatureMethod = EnvironmentVariables['VONAGE_SIGNATURE_METHOD'];

/**
 * The signature of Vonage's signed SMS API webhooks, as Vonage's own SDK computes it
 * (@vonage/sms `SMS.verifySignature`): every parameter but `sig`, sorted by name, joined as
 * `&name=value` with `&` and `=` inside values turned into `_`; then either the MD5 of that text
 * followed by the secret (`md5hash`) or an HMAC of it keyed by the secret. Lower-case hex.
 *
 * Written out here rather than called from the SDK because the SDK compares with `===` (timing)
 * and throws on a non-string value; vonage-signature.guard.spec.ts checks both agree.
 */
export function vonageSignature(params: VonageParams, secret: string, method: VonageSignatureMethod): string {
  const signed = Object.keys(params)
    .filter((name) => name !== 'sig')
    .sort()
    .map((name) => `&${name}=${params[name].replace(/[&=]/g, '_')}`)
    .join('');
  if (method === 'md5hash') return createHash('md5').update(`${signed}${secret}`, 'utf8').digest('hex');
  return createHmac(method, secret).update(signed, 'utf8').digest('hex');
}
