import type { AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';

import { mayHoldCredential, redactCredentials } from '../logging/credential-redaction';
import { maskPhoneNumbers, mayHoldPhoneNumber } from '../logging/mask-phone-numbers';

/** A text as it may leave the process: credentials redacted, phone numbers masked (as in log lines). */
export function redactForTrace(text: string, secrets: readonly string[]): string {
  const credentials = mayHoldCredential(text, secrets);
  const phones = mayHoldPhoneNumber(text);
  if (!credentials && !phones) return text;
  const redacted = credentials ? redactCredentials(text, secrets) : text;
  return phones ? maskPhoneNumbers(redacted) : redacted;
}

function redactValue(value: AttributeValue | undefined, secrets: readonly string[]): AttributeValue | undefined {
  if (typeof value === 'string') return redactForTrace(value, secrets);
  if (Array.isArray(value)) {
    return value.map((item: unknown) =>
      typeof item === 'string' ? redactForTrace(item, secrets) : item,
    ) as AttributeValue;
  }
  return value;
}

/**
 * Every string a span carries (its name, attributes and events: URLs, routes, SQL, error
 * messages) passes the log lines' redaction as the span ends, before any exporter sees it:
 * Vonage's path token, sensitive query parameters, configured secrets, credential-shaped values
 * and phone numbers never leave the process, whichever instrumentation recorded them. It must
 * come before the exporting processor: it rewrites the span in `onEnding`, while it is still open.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly secrets: readonly string[]) {}

  onStart(): void {}

  onEnding(span: Span): void {
    const name = redactForTrace(span.name, this.secrets);
    if (name !== span.name) span.updateName(name);
    for (const [key, value] of Object.entries(span.attributes)) {
      const redacted = redactValue(value, this.secrets);
      if (redacted !== undefined && redacted !== value) span.setAttribute(key, redacted);
    }
    for (const event of span.events) {
      const attributes = event.attributes;
      if (!attributes) continue;
      for (const [key, value] of Object.entries(attributes)) attributes[key] = redactValue(value, this.secrets);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
