import type { TenantScope } from '../common/tenancy/tenant-scope';
import type { PendingWrites } from '../database/pending-writes';
import type { Tenant, TenantLanguage } from '../tenants/tenant.entity';

/** The `status` values of the platform's contract. */
export type ToolStatus =
  | 'sent'
  | 'created'
  | 'updated'
  | 'saved'
  | 'scheduled'
  | 'unavailable'
  | 'found'
  | 'not_found'
  | 'noted'
  | 'error'
  | 'failed';

/** What a tool call is about: the platform's call and tenant, already turned into a scope. */
export interface ToolContext {
  readonly callId: string | null;
  /** The platform tenant id the call acts in: its key's tenant, or the one the body names. */
  readonly tenantId: string | null;
  /** That tenant with its settings (created on its first call); null when the call names none. */
  readonly tenant: Tenant | null;
  readonly scope: TenantScope;
  /** The language to answer in: `args.language`, Accept-Language, the tenant's, else English. */
  readonly language: TenantLanguage;
  /**
   * The call's unit of work: a handler hands it to the domain services it calls (`{ writes }`),
   * whose writes then commit together with the call's answer and log row, or not at all when the
   * call fails.
   */
  readonly writes: PendingWrites;
  /**
   * Set when an earlier delivery of this very call (same call id, function and args) claimed it
   * at `claimedAt` and died before answering: a handler that makes records first looks for the
   * ones it made (see `call/resumed-call.ts`) and reports them instead of making them again.
   */
  readonly resumes?: { readonly claimedAt: Date };
}

/** A handler's answer: what the caller hears, ids for the agent, and a note for staff. */
export interface ToolOutcome {
  status: ToolStatus;
  message: string;
  /** Extra contract fields, e.g. `lead_id`. */
  ids?: Record<string, string>;
  /** Why it went wrong, for the tool-call log only. */
  internalError?: string;
}

/**
 * One tool the voice agent can call. The dispatcher validates the raw args against `argsType`
 * (a class-validator DTO whose properties carry @AskFor phrases) before `handle` sees them.
 */
export interface ToolHandler<Args extends object = object> {
  readonly name: string;
  /** What the tool does, as published to the voice platform (GET /api/webhooks/ai-tools/definitions). */
  readonly description: string;
  readonly argsType: new () => Args;
  handle(args: Args, context: ToolContext): Promise<ToolOutcome>;
}

export const TOOL_HANDLERS = Symbol('TOOL_HANDLERS');
