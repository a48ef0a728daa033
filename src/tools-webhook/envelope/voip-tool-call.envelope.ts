import { Injectable } from '@nestjs/common';

import { ToolCallDto } from '../dto/tool-call.dto';
import type { EnvelopeSighting, ToolCallEnvelope, ToolCallRequest } from './tool-call-envelope';

/** A text field of the envelope, cut to what its log column holds. */
function text(value: unknown, maxLength: number): string | null {
  return typeof value === 'string' ? value.slice(0, maxLength) : null;
}

/**
 * The VoIP platform's contract, the webhook's first envelope: `{function, args, call_id?,
 * tenant_id?}` (ToolCallDto).
 */
@Injectable()
export class VoipToolCallEnvelope implements ToolCallEnvelope<ToolCallDto> {
  sight(body: unknown): EnvelopeSighting {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const args = fields.args;
    return {
      function: text(fields.function, 100),
      args:
        args === undefined || args === null
          ? null
          : typeof args === 'object' && !Array.isArray(args)
            ? (args as Record<string, unknown>)
            : { unusable: args },
      callId: text(fields.call_id, 128),
      tenantId: typeof fields.tenant_id === 'string' ? fields.tenant_id : null,
      argsLanguage: typeof args === 'object' && args !== null ? (args as Record<string, unknown>).language : undefined,
    };
  }

  toRequest(body: ToolCallDto): ToolCallRequest {
    return { function: body.function, args: body.args, callId: body.call_id ?? null };
  }
}
