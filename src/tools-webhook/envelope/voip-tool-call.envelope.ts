import { Injectable } from '@nestjs/common';
import { stripProtoKeys } from '@nestjs/common/utils/strip-proto-keys.util.js';
import { validateSync } from 'class-validator';

import { AppValidationPipe } from '../../common/validation/app-validation.pipe';
import { ToolCallDto } from '../dto/tool-call.dto';
import type { EnvelopeSighting, ToolCallEnvelope, ToolCallRequest } from './tool-call-envelope';

/** The fields of ToolCallDto: the others are dropped, as @TolerateUnknownFields() says. */
const FIELDS = ['function', 'args', 'call_id', 'tenant_id'] as const;

/** The platform of this envelope, as the metrics, the log and the traces name it. */
export const VOIP_PLATFORM = 'voip';

/** A text field of the envelope, cut to what its log column holds. */
function text(value: unknown, maxLength: number): string | null {
  return typeof value === 'string' ? value.slice(0, maxLength) : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The VoIP platform's contract, the webhook's first envelope: `{function, args, call_id?,
 * tenant_id?}` (ToolCallDto).
 */
@Injectable()
export class VoipToolCallEnvelope implements ToolCallEnvelope<ToolCallDto> {
  /** ApiKeyGuard, ArgsLimitsGuard and the filter each ask; the body is read once. */
  private readonly sightings = new WeakMap<object, EnvelopeSighting>();
  /** Words the refusal of a body the DTO refuses, exactly as the app refuses any DTO. */
  private readonly refusals = new AppValidationPipe();

  sight(body: unknown): EnvelopeSighting {
    if (typeof body !== 'object' || body === null) return this.read({});
    let sighting = this.sightings.get(body);
    if (!sighting) {
      sighting = this.read(body as Record<string, unknown>);
      this.sightings.set(body, sighting);
    }
    return sighting;
  }

  /**
   * The body checked against ToolCallDto, once: a body it accepts becomes the DTO with class-validator
   * alone (no class-transformer copy of the args, which the tool's args DTO transforms anyway),
   * its args cleared of prototype keys as the app's pipe clears them. Anything else goes through
   * the app's pipe, whose 400 names the fields as before.
   */
  async transform(body: unknown): Promise<ToolCallDto> {
    if (isPlainObject(body)) {
      const dto = new ToolCallDto();
      for (const field of FIELDS) if (Object.hasOwn(body, field)) Object.assign(dto, { [field]: body[field] });
      if (validateSync(dto).length === 0) {
        stripProtoKeys(dto.args);
        return dto;
      }
    }
    return (await this.refusals.transform(body, { type: 'body', metatype: ToolCallDto })) as ToolCallDto;
  }

  toRequest(body: ToolCallDto): ToolCallRequest {
    return { function: body.function, args: body.args, callId: body.call_id ?? null };
  }

  private read(fields: Record<string, unknown>): EnvelopeSighting {
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
}
