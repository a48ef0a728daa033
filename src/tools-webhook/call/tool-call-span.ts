import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';

import { VOIP_PLATFORM } from '../envelope/voip-tool-call.envelope';
import type { ToolReply } from '../tool-reply';

// The API only: a no-op unless src/tracing started the SDK (OTEL_EXPORTER_OTLP_ENDPOINT).
const tracer = trace.getTracer('voice-crm');

/**
 * Runs one tool call inside its span, `tool_call <tool>`: a child of the HTTP request's span and
 * the parent of the call's database spans. It carries the tool, the tenant, the platform and,
 * once answered, the answer's status and HTTP status and whether it was replayed; never the
 * args, phone numbers or what the caller is told (they hold what the caller said).
 */
export function traceToolCall(
  tool: string,
  tenantId: string | null,
  work: (span: Span) => Promise<ToolReply>,
): Promise<ToolReply> {
  return tracer.startActiveSpan(
    `tool_call ${tool}`,
    {
      attributes: {
        'voice_crm.tool.name': tool,
        'voice_crm.platform': VOIP_PLATFORM,
        ...(tenantId !== null && { 'voice_crm.tenant.id': tenantId }),
      },
    },
    async (span) => {
      try {
        const reply = await work(span);
        span.setAttributes({
          'voice_crm.tool_call.status': reply.body.status,
          'http.response.status_code': reply.httpStatus,
        });
        if (reply.httpStatus >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return reply;
      } finally {
        span.end();
      }
    },
  );
}

/** Whether the answer is a re-delivered call's first answer (or "still working" while that runs). */
export function noteReplay(span: Span, replayOf: string | null | undefined): void {
  span.setAttribute('voice_crm.tool_call.replayed', replayOf != null);
}
