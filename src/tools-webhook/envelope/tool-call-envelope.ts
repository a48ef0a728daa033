import type { PipeTransform } from '@nestjs/common';

/** A tool call as the dispatcher takes it, whatever platform sent it. */
export interface ToolCallRequest {
  /** The tool's name. */
  readonly function: string;
  /** As sent; the tool's args DTO validates them. */
  readonly args: Record<string, unknown>;
  /** The platform's id of the phone call, when it gives one (re-deliveries are recognised by it). */
  readonly callId: string | null;
}

/**
 * What a raw body names, read whatever its shape (it is not validated yet): for the key's tenant
 * check, the rate limit, the language of a refusal and the log row of a call refused before it
 * reached a tool.
 */
export interface EnvelopeSighting {
  /** Cut to what its log column holds. */
  readonly function: string | null;
  /** Kept whatever their shape: a non-object is wrapped so the log column stays an object. */
  readonly args: Record<string, unknown> | null;
  /** Cut to what its log column holds. */
  readonly callId: string | null;
  /** As sent, when it is a string: ApiKeyGuard compares it whole. */
  readonly tenantId: string | null;
  readonly argsLanguage: unknown;
}

/**
 * One voice platform's envelope around a tool call: how its body is read before validation
 * (`sight`, read once per body however many guards ask), how it is checked against its DTO (a
 * pipe: `@ToolCallBody(TheEnvelope)`, the one validation of the body, with the app's refusal for
 * a body the DTO refuses), and how the checked body becomes the dispatcher's request. The
 * dispatcher knows nothing of envelopes; a new platform is a new implementation
 * (VoipToolCallEnvelope is the first), handed to a route that passes `toRequest(body)` and the
 * call's context (@CurrentWebhookCall()) to ToolDispatcherService.dispatch.
 */
export interface ToolCallEnvelope<Body extends object = object> extends PipeTransform<unknown, Promise<Body>> {
  sight(body: unknown): EnvelopeSighting;
  toRequest(body: Body): ToolCallRequest;
}

/** The envelope ApiKeyGuard, WebhookThrottlerGuard and the webhook's exception filter read bodies with. */
export const TOOL_CALL_ENVELOPE = Symbol('TOOL_CALL_ENVELOPE');
