import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';

import { EnvironmentVariables } from '../config/environment';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * `GET /metrics` is for the app's Prometheus only: `Authorization: Bearer <METRICS_TOKEN>`.
 * Both sides are hashed before a constant-time comparison, so neither the token nor its length
 * leaks through timing. Without METRICS_TOKEN the route answers 404 in every environment, as
 * if it did not exist; with it, a missing or wrong token gets 401.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly tokenDigest: Buffer | null;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    const token = config.get('METRICS_TOKEN', { infer: true });
    this.tokenDigest = token ? digest(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.tokenDigest) throw new NotFoundException();
    const authorization = context.switchToHttp().getRequest<Request>().headers.authorization;
    const presented =
      typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
    if (!presented || !timingSafeEqual(digest(presented.trim()), this.tokenDigest)) throw new UnauthorizedException();
    return true;
  }
}
