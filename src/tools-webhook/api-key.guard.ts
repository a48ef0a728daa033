import { createHash, timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';

import { EnvironmentVariables } from '../config/environment';
import { WebhookKeysService } from '../webhook-keys/webhook-keys.service';
import { WebhookCall, type WebhookCaller, type WebhookRequest } from './call/webhook-call';
import { TOOL_CALL_ENVELOPE, type ToolCallEnvelope } from './envelope/tool-call-envelope';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The webhook's own authentication: a key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 *
 * The platform-wide keys (VOIP_TOOLS_WEBHOOK_KEY) are compared first: both sides are hashed
 * before a constant-time comparison, so neither the key nor its length leaks through timing;
 * every configured key is compared, so rotation (two keys at once) costs the same for all.
 * Failing that, a tenant's key is looked up by its digest (WebhookKeysService): it binds the
 * call to its tenant, and a body naming another tenant is refused with 403 (the tenant a body
 * names is read through the webhook's envelope; anything but a string is the DTO's to refuse).
 *
 * What the guard learned is the call's context, made once here and left on the request as
 * `webhookCall` (read with @CurrentWebhookCall()).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);
  private readonly keyDigests: Buffer[];

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly tenantKeys: WebhookKeysService,
    @Inject(TOOL_CALL_ENVELOPE) private readonly envelope: ToolCallEnvelope,
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
    const named = this.envelope.sight(request.body);
    const caller = await this.callerOf(request, named.tenantId);
    request.webhookCall = WebhookCall.open({
      caller,
      named,
      acceptLanguage: request.headers['accept-language'],
      startedAt: request.webhookStartedAt ?? performance.now(),
      // Given by the HTTP logger (X-Request-Id when sane); absent outside it.
      requestId: typeof request.id === 'string' ? request.id : null,
    });
    return true;
  }

  private async callerOf(request: Request, named: string | null): Promise<WebhookCaller> {
    const presented = this.presentedKeys(request);
    // Every presented key is compared (no short-circuit), as is every configured key.
    if (presented.map((key) => this.matches(key)).includes(true)) return { kind: 'platform' };
    const key = await this.tenantKeys.authenticate(presented);
    if (!key) throw new UnauthorizedException();
    if (named !== null && named !== key.tenantId) {
      throw new ForbiddenException(
        `the webhook key ${key.prefix}… of tenant "${key.tenantId}" was used for tenant ${JSON.stringify(named.slice(0, 128))}`,
      );
    }
    return { kind: 'tenant', tenantId: key.tenantId, keyId: key.id };
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
