import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { EnvironmentVariables } from '../config/environment';
import { readVonageParams, type VonageParams, type VonageWebhookRequest } from './vonage-params';
import { vonageSignature, type VonageSignatureMethod } from './vonage-signature';

/** How far a signed request's `timestamp` may be from our clock: older ones may be replays. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Both sides hashed first, so neither the expected value nor its length leaks through timing. */
function sameSecret(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected);
}

/**
 * Vonage's delivery receipts and inbound SMS, authenticated one of two ways:
 * - VONAGE_SIGNATURE_SECRET set: the request must carry Vonage's `sig` over all its parameters
 *   (VONAGE_SIGNATURE_METHOD) and a `timestamp` within 5 minutes of our clock; the path token
 *   is then not needed.
 * - otherwise VONAGE_WEBHOOK_TOKEN: the URL's last segment must be that token.
 * With neither, every request is refused: anyone could otherwise mark texts delivered or opt
 * numbers out.
 *
 * The parameters it verified are left on the request as `vonageParams`; the controller reads
 * only those.
 */
@Injectable()
export class VonageSignatureGuard implements CanActivate {
  private readonly logger = new Logger(VonageSignatureGuard.name);
  private readonly secret: string | undefined;
  private readonly method: VonageSignatureMethod;
  private readonly tokenDigest: Buffer | undefined;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.secret = config.get('VONAGE_SIGNATURE_SECRET', { infer: true }) || undefined;
    this.method = config.get('VONAGE_SIGNATURE_METHOD', { infer: true }) ?? 'md5hash';
    const token = config.get('VONAGE_WEBHOOK_TOKEN', { infer: true });
    this.tokenDigest = token ? digest(token) : undefined;
    if (!this.secret && !this.tokenDigest) {
      this.logger.warn(
        'Neither VONAGE_SIGNATURE_SECRET nor VONAGE_WEBHOOK_TOKEN is set: Vonage delivery receipts and inbound SMS are refused.',
      );
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<VonageWebhookRequest>();
    const params = readVonageParams(request);
    if (!params) throw new UnauthorizedException();
    const authentic = this.secret ? this.signed(params, this.secret) : this.tokenMatches(request.params?.token);
    if (!authentic) throw new UnauthorizedException();
    request.vonageParams = params;
    return true;
  }

  private signed(params: VonageParams, secret: string): boolean {
    const { sig, timestamp } = params;
    if (!sig || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > SIGNATURE_MAX_AGE_SECONDS) return false;
    return sameSecret(sig.toLowerCase(), digest(vonageSignature(params, secret, this.method)));
  }

  private tokenMatches(presented: unknown): boolean {
    if (!this.tokenDigest || typeof presented !== 'string') return false;
    return sameSecret(presented, this.tokenDigest);
  }
}
