import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

import type { EnvironmentVariables } from '../config/environment';
import { configuredSecretValues } from '../logging/configured-secret-values';
import { RedactingSpanProcessor } from './redacting.span-processor';

/** Probes and scrapes: frequent, and nothing to learn from a trace of them. */
const UNTRACED_PATHS = /^\/(?:health(?:\/|$|\?)|metrics(?:$|\?))/;

/**
 * The OpenTelemetry SDK: spans of incoming and outgoing HTTP, Express's routing and PostgreSQL
 * statements, plus the app's own (a tool call's), redacted, then sent in batches over OTLP/HTTP
 * (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads it, and OTEL_EXPORTER_OTLP_HEADERS,
 * itself). Must run before express and pg are first required: instrumentations patch modules as
 * they load. Returns what flushes and stops it.
 */
export function startTracing(env: EnvironmentVariables): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME }),
    spanProcessors: [
      new RedactingSpanProcessor(configuredSecretValues(env)),
      new BatchSpanProcessor(new OTLPTraceExporter()),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  return () => provider.shutdown();
}
