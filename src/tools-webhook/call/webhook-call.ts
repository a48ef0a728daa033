import { ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';

import type { EnvelopeSighting } from '../envelope/tool-call-envelope';

/**
 * Who is calling the webhook, as the key told: the platform's own key (VOIP_TOOLS_WEBHOOK_KEY)
 * speaks for every tenant; a tenant's key only for its tenant.
 */
export type WebhookCaller =
  { readonly kind: 'platform' } | { readonly kind: 'tenant'; readonly tenantId: string; readonly keyId: string };

/** What the call says about its own language, before any tenant is read. */
export interface LanguageHints {
  /** `args.language` as sent, whatever its type (resolveLanguage reads only what it knows). */
  readonly argsLanguage: unknown;
  readonly acceptLanguage: string | undefined;
}

/**
 * A request to the webhook, with what the webhook learned of it: when it arrived (the body
 * parser, so that the deadline and the logged duration include parsing and authentication), then
 * the call (ApiKeyGuard, once the key is known).
 */
export type WebhookRequest = Request & { webhookStartedAt?: number; webhookCall?: WebhookCall };

/**
 * One webhook call's context, decided once per request (by ApiKeyGuard) and handed down
 * explicitly: who is calling, the tenant it acts in, the language hints, when it started and the
 * request id its log lines carry. A tenant's key acts in its own tenant whether or not the body
 * names it; the platform's key in the tenant the body names, if any. A call mixing two tenants
 * cannot be made.
 */
export class WebhookCall {
  private constructor(
    readonly caller: WebhookCaller,
    /** The platform tenant id the call acts in; null when the platform's key names none. */
    readonly tenantId: string | null,
    readonly languageHints: LanguageHints,
    /** performance.now() when the request arrived. */
    readonly startedAt: number,
    /** The request's id (X-Request-Id, or the one the logger gave it); null outside HTTP. */
    readonly requestId: string | null,
  ) {}

  /** `named`: what the body names, as its envelope read it before validation. */
  static open(call: {
    caller: WebhookCaller;
    named: EnvelopeSighting;
    acceptLanguage: string | undefined;
    startedAt: number;
    requestId: string | null;
  }): WebhookCall {
    const { caller, named } = call;
    // As long as a platform tenant id may be: longer ones are the DTO's to refuse, and are logged cut.
    const namedTenantId = named.tenantId?.slice(0, 128) ?? null;
    if (caller.kind === 'tenant' && namedTenantId !== null && namedTenantId !== caller.tenantId) {
      // ApiKeyGuard refuses this with a fuller message first; no other path can mix tenants either.
      throw new ForbiddenException(`a webhook key of tenant "${caller.tenantId}" was used for another tenant`);
    }
    const tenantId = caller.kind === 'tenant' ? caller.tenantId : namedTenantId;
    const languageHints = { argsLanguage: named.argsLanguage, acceptLanguage: call.acceptLanguage };
    return new WebhookCall(caller, tenantId, languageHints, call.startedAt, call.requestId);
  }
}
