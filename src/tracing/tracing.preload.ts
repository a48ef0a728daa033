import { validateEnvironment } from '../config/environment';
import type * as StartTracingFile from './start-tracing';

/**
 * Imported first by main.ts, before anything loads express or pg. With OTEL_EXPORTER_OTLP_ENDPOINT
 * unset nothing of OpenTelemetry's SDK is loaded: tracing costs nothing (the app's own spans go
 * to @opentelemetry/api's no-op tracer).
 */
let stop: (() => Promise<void>) | undefined;

function start(): void {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return;
  let env;
  try {
    env = validateEnvironment(process.env);
  } catch {
    // main.ts validates again and exits with the message naming the bad variable.
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./start-tracing') as typeof StartTracingFile;
  stop = startTracing(env);
}

start();

/** Sends the spans still buffered and stops tracing; nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const stopping = stop;
  stop = undefined;
  await stopping?.();
}
