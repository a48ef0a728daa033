import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

import { redactForTrace, RedactingSpanProcessor } from './redacting.span-processor';

const SECRET = 'configured-secret-value-0123';

function exported(record: (provider: BasicTracerProvider) => void) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new RedactingSpanProcessor([SECRET]), new SimpleSpanProcessor(exporter)],
  });
  record(provider);
  return exporter.getFinishedSpans();
}

describe('RedactingSpanProcessor', () => {
  it('redacts credentials and masks phone numbers in attributes, events and the name before export', () => {
    const [span] = exported((provider) => {
      const recorded = provider.getTracer('spec').startSpan(`POST /x/${SECRET}`, {
        attributes: {
          'url.path': '/api/webhooks/vonage/inbound/aVonagePathToken0123456789',
          'url.query': 'msisdn=17865550142&api_key=abc&page=2',
          'url.full': `https://rest.example.com/sms?api_secret=${SECRET}`,
          'db.query.text': 'COMMIT',
          'http.response.status_code': 200,
          'some.list': ['+1 786 555 0142', 'plain'],
        },
      });
      recorded.recordException(new Error(`no lead for +17865550142 (${SECRET})`));
      recorded.end();
    });
    expect(span.name).toBe('POST /x/[redacted]');
    expect(span.attributes).toEqual({
      'url.path': '/api/webhooks/vonage/inbound/[redacted]',
      'url.query': 'msisdn=*******0142&api_key=[redacted]&page=2',
      'url.full': 'https://rest.example.com/sms?api_secret=[redacted]',
      'db.query.text': 'COMMIT',
      'http.response.status_code': 200,
      'some.list': ['+* *** *** 0142', 'plain'],
    });
    expect(span.events[0].attributes?.['exception.message']).toBe('no lead for +*******0142 ([redacted])');
    expect(JSON.stringify(span.events)).not.toContain('5550142');
  });

  it('leaves text with nothing to redact as it is', () => {
    expect(redactForTrace('tool_call create_lead', [SECRET])).toBe('tool_call create_lead');
    expect(redactForTrace('/api/webhooks/ai-tools', [SECRET])).toBe('/api/webhooks/ai-tools');
  });
});
