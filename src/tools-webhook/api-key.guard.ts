import { createHash, timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';

import { EnvironmentVariables } from '../config/environment';
import { WebhookKeysService } from '../webhook-keys/webhook-keys.service';

/**
 * Who is calling the webhook, as the key told: the platform's own key (VOIP_TOOLS_WEBHOOK_KEY)
 * speaks for every tenant; a tenant's key only for its tenant.
 */
export type WebhookCaller =
  { readonly kind: 'platform' } | { readonly kind: 'tenant'; readonly tenantId: string; readonly keyId: string };

export type WebhookRequest = Request & { webhookCaller?: WebhookCaller };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The tenant the body names, when it names one with a string (anything else is the DTO's to refuse). */
function namedTenant(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const named = (body as Record<string, unknown>).tenant_id;
  return typeof named === 'string' ? named : undefined;
}

/**
 * The webhook's own authentication: a key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 *
 * The platform-wide keys (VOIP_TOOLS_WEBHOOK_KEY) are compared first: both sides are hashed
 * before a constant-time comparison, so neither the key nor its length leaks through timing;
 * every configured key is compared, so rotation (two keys at once) costs the same for all.
 * Failing that, a tenant's key is looked up by its digest (WebhookKeysService): it binds the
 * call to its tenant, and a body naming another tenant is refused with 403.
 *
 * What the guard learned is left on the request as `webhookCaller`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);
  private readonly keyDigests: Buffer[];

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly tenantKeys: WebhookKeysService,
  ) {
    const configured = config.get('VOIP_TOOLS_WEBHOOK_KEY', { infer: true }) ?? '';
    this.keyDigests = configured
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0)
      .map(digest);
    if (this.keyDigests.length === 0)
      this.logger.warn('VOIP_TOOLS_WEBHOOK_KEY is not set: the tools webhook accepts only tenant webhook keys.');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const presented = this.presentedKeys(request);
    // Every presented key is compared (no short-circuit), as is every configured key.
    if (presented.map((key) => this.matches(key)).includes(true)) {
      request.webhookCaller = { kind: 'platform' };
      return true;
    }
    const key = await this.tenantKeys.authenticate(presented);
    if (!key) throw new UnauthorizedException();
    const named = namedTenant(request.body);
    if (named !== undefined && named !== key.tenantId) {
      throw new ForbiddenException(
        `the webhook key ${key.prefix}… of tenant "${key.tenantId}" was used for tenant ${JSON.stringify(named.slice(0, 128))}`,
      );
    }
    request.webhookCaller = { kind: 'tenant', tenantId: key.tenantId, keyId: key.id };
    return true;
  }

  private presentedKeys(request: Request): string[] {
    const keys: string[] = [];
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') keys.push(authorization.replace(/^Bearer\s+/i, '').trim());
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') keys.push(apiKey.trim());
    return keys.filter((key) => key.length > 0);
  }

  private matches(presented: string): boolean {
    const candidate = digest(presented);
    let matched = false;
    for (const keyDigest of this.keyDigests) matched = timingSafeEqual(candidate, keyDigest) || matched;
    return matched;
  }
}
