#!/usr/bin/env node
// Tracing through OpenTelemetry, end to end, against the BUILT app (`npm run build` first): the
// app runs with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a fake OTLP/HTTP collector (a node:http
// server here that keeps every POST /v1/traces), takes a create_lead webhook call, its
// re-delivery and a Vonage webhook carrying its path token, then is stopped with SIGTERM; the
// spans it flushed on the way out are checked:
//   - an HTTP server span for POST /api/webhooks/ai-tools, and inside its trace the span
//     `tool_call create_lead` with the tool, tenant, platform, answer status, HTTP status and
//     whether it was replayed (the re-delivery's says it was);
//   - no phone number, email, name, webhook key or Vonage path token anywhere in what was sent:
//     the Vonage route's URL shows the token and the sender's number redacted;
//   - no spans for /health or /metrics;
//   - with OTEL_EXPORTER_OTLP_ENDPOINT unset, nothing of the SDK is loaded (only the API);
//   - on PostgreSQL (TRACING_DATABASE_URL set), the call's database statements as pg spans in
//     the tool call's trace.
// Run from the project root: `npm run test:tracing` (SQLite in a temporary directory; with
// TRACING_DATABASE_URL=postgres://…, that database instead: created if missing, its public schema
// emptied first).
// Prints PASS/FAIL lines and "N passed, M failed"; exits 1 if any check failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { killAll, send, sleep, startInstance } from '../faults/app-process.mjs';
import { emptyDatabase } from '../faults/postgres.mjs';

const DATABASE_URL = process.env.TRACING_DATABASE_URL;
const WEBHOOK_KEY = 'tracing_webhook_key_0123456789abcdef0123';
const VONAGE_TOKEN = 'tracingVonageToken_0123456789abcdef';
const TENANT = 'tracing-tenant';
const PHONE = '+17865550142';
const EMAIL = 'ada.tracing@example.com';
const NAME = 'Adaleine';
const CALL_ID = 'tracing-call-1';

if (!existsSync('dist/src/main.js')) {
  console.error('dist/src/main.js is missing: run `npm run build` first (from the project root).');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// The fake collector: OTLP/HTTP with JSON bodies (exporter-trace-otlp-http's default).

const bodies = [];
const contentTypes = new Set();
const collector = createServer((request, response) => {
  let text = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/v1/traces') {
      contentTypes.add(request.headers['content-type']);
      bodies.push(text);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else {
      response.writeHead(404).end();
    }
  });
});
await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${collector.address().port}`;

/** OTLP's attribute list as a plain object. */
function attributesOf(list = []) {
  const value = ({ stringValue, intValue, boolValue, doubleValue }) =>
    stringValue ?? (intValue !== undefined ? Number(intValue) : (boolValue ?? doubleValue));
  return Object.fromEntries(list.map((attribute) => [attribute.key, value(attribute.value)]));
}

function spansOf(texts) {
  const spans = [];
  const resources = [];
  for (const text of texts) {
    for (const resourceSpans of JSON.parse(text).resourceSpans ?? []) {
      resources.push(attributesOf(resourceSpans.resource?.attributes));
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          spans.push({ ...span, scope: scopeSpans.scope?.name, attrs: attributesOf(span.attributes) });
        }
      }
    }
  }
  return { spans, resources };
}

// ---------------------------------------------------------------------------------------------
// The app

let sqliteDir;
async function databaseEnvironment() {
  if (!DATABASE_URL) {
    sqliteDir = mkdtempSync(join(tmpdir(), 'voicecrm-tracing-'));
    return { SQLITE_PATH: join(sqliteDir, 'crm.sqlite') };
  }
  const name = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`TRACING_DATABASE_URL must name a plain database, got "${name}"`);
  await emptyDatabase(DATABASE_URL);
  return { DATABASE_URL };
}

const tool = (instance, args, callId) =>
  send(instance.url, 'POST', '/api/webhooks/ai-tools', {
    headers: { authorization: `Bearer ${WEBHOOK_KEY}` },
    body: { function: 'create_lead', args, call_id: callId, tenant_id: TENANT },
  });

async function main() {
  const instance = await startInstance('app', {
    NODE_ENV: 'production',
    ...(await databaseEnvironment()),
    VOIP_TOOLS_WEBHOOK_KEY: WEBHOOK_KEY,
    JWT_SECRET: 'tracing-jwt-secret-0123456789abcdef0123456789abcdef',
    VONAGE_WEBHOOK_TOKEN: VONAGE_TOKEN,
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    LOG_LEVEL: 'warn',
  });
  const args = { first_name: NAME, last_name: 'Tracer', phone: PHONE, email: EMAIL, notes: 'Wants a quote' };
  const first = await tool(instance, args, CALL_ID);
  const again = await tool(instance, args, CALL_ID);
  check(
    'create_lead answered 200, its re-delivery the same',
    first.status === 200 && again.text === first.text,
    first.text,
  );
  const vonage = await send(
    instance.url,
    'POST',
    `/api/webhooks/vonage/inbound/${VONAGE_TOKEN}?msisdn=${PHONE.slice(1)}&text=STOP&to=12025550100&messageId=tracing-1`,
    { body: {} },
  );
  check('the Vonage webhook with its path token answered', vonage.status === 204, String(vonage.status));
  await send(instance.url, 'GET', '/metrics');
  await send(instance.url, 'GET', '/health/ready');

  // SIGTERM: the spans still in the batch are sent before the process exits.
  instance.child.kill('SIGTERM');
  const exit = await Promise.race([instance.exited, sleep(15_000).then(() => null)]);
  check(
    'SIGTERM: the app exits 0',
    exit?.code === 0,
    exit ? `code ${exit.code}, signal ${exit.signal}` : 'still running',
  );

  const raw = bodies.join('\n');
  check(
    'the collector received OTLP/HTTP JSON',
    bodies.length > 0 && [...contentTypes].every((type) => type?.startsWith('application/json')),
    `${bodies.length} posts, ${[...contentTypes].join(', ')}`,
  );
  const { spans, resources } = spansOf(bodies);
  check(
    'service.name is voice-crm',
    resources.length > 0 && resources.every((resource) => resource['service.name'] === 'voice-crm'),
    resources.map((resource) => resource['service.name']).join(', '),
  );

  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const ancestors = (span) => {
    const chain = [];
    for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent);
    return chain;
  };
  const SERVER = 2;
  const webhookServerSpans = spans.filter(
    (span) =>
      span.kind === SERVER &&
      span.attrs['http.request.method'] === 'POST' &&
      span.attrs['url.path'] === '/api/webhooks/ai-tools',
  );
  check(
    'an HTTP server span per webhook call, POST on the webhook route, status 200',
    webhookServerSpans.length === 2 &&
      webhookServerSpans.every(
        (span) =>
          span.attrs['http.response.status_code'] === 200 && span.attrs['http.route']?.includes('webhooks/ai-tools'),
      ),
    webhookServerSpans
      .map((span) => `${span.name} ${span.attrs['http.route']} ${span.attrs['http.response.status_code']}`)
      .join('; '),
  );

  const toolSpans = spans.filter((span) => span.name === 'tool_call create_lead');
  const [firstSpan, replaySpan] = [...toolSpans].sort((a, b) =>
    BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1,
  );
  check('one tool_call create_lead span per call', toolSpans.length === 2, String(toolSpans.length));
  const expected = {
    'voice_crm.tool.name': 'create_lead',
    'voice_crm.platform': 'voip',
    'voice_crm.tenant.id': TENANT,
    'http.response.status_code': 200,
    'voice_crm.tool_call.status': first.json?.status,
  };
  for (const [label, span, replayed] of [
    ['the first delivery', firstSpan, false],
    ['the re-delivery', replaySpan, true],
  ]) {
    const attrs = span?.attrs ?? {};
    check(
      `${label}: tool_call span attributes (tool, platform, tenant, status, HTTP status, replayed=${replayed})`,
      span !== undefined &&
        Object.entries(expected).every(([key, value]) => attrs[key] === value) &&
        attrs['voice_crm.tool_call.replayed'] === replayed,
      JSON.stringify(attrs),
    );
    const server = span && ancestors(span).find((parent) => webhookServerSpans.includes(parent));
    check(
      `${label}: the tool_call span is inside its HTTP server span's trace`,
      server !== undefined && server.traceId === span.traceId,
      span
        ? `trace ${span.traceId}, parents: ${ancestors(span)
            .map((parent) => parent.name)
            .join(' < ')}`
        : 'no span',
    );
  }
  check(
    'the tool_call spans carry no args or spoken answer',
    toolSpans.every((span) =>
      Object.keys(span.attrs).every((key) => key.startsWith('voice_crm.') || key.startsWith('http.')),
    ),
    toolSpans.map((span) => Object.keys(span.attrs).join(',')).join(' | '),
  );

  const vonageSpan = spans.find(
    (span) => span.kind === SERVER && span.attrs['url.path']?.includes('/webhooks/vonage/inbound'),
  );
  check(
    "the Vonage webhook's span shows its path token and the sender's number redacted",
    vonageSpan !== undefined &&
      vonageSpan.attrs['url.path'] === '/api/webhooks/vonage/inbound/[redacted]' &&
      vonageSpan.attrs['url.query']?.includes('msisdn=') &&
      !vonageSpan.attrs['url.query'].includes('5550142'),
    vonageSpan ? `${vonageSpan.attrs['url.path']}?${vonageSpan.attrs['url.query']}` : 'no span',
  );
  const leaks = [
    ['phone number', /7865550142|786\D{0,3}555\D?0142/],
    ['email', new RegExp(EMAIL.replace(/[.]/g, '\\.'), 'i')],
    ['name', new RegExp(NAME)],
    ['webhook key', new RegExp(WEBHOOK_KEY)],
    ['Vonage path token', new RegExp(VONAGE_TOKEN)],
  ].filter(([, pattern]) => pattern.test(raw));
  check(
    'no phone number, email, name, webhook key or Vonage token anywhere in the exported spans',
    raw.length > 0 && leaks.length === 0,
    leaks.map(([what]) => what).join(', '),
  );
  const probes = spans.filter((span) => /^\/(health|metrics)/.test(span.attrs['url.path'] ?? ''));
  check(
    'no spans for /health or /metrics',
    probes.length === 0,
    probes.map((span) => span.attrs['url.path']).join(', '),
  );

  if (DATABASE_URL) {
    const dbSpans = firstSpan
      ? spans.filter((span) => span.traceId === firstSpan.traceId && span.scope?.includes('pg'))
      : [];
    const underTool = dbSpans.filter((span) => ancestors(span).includes(firstSpan));
    check(
      "PostgreSQL: the call's statements are pg spans inside its tool_call span",
      underTool.length > 0 &&
        underTool.some((span) => /INSERT/i.test(span.attrs['db.query.text'] ?? span.attrs['db.statement'] ?? '')),
      `${dbSpans.length} pg spans in the trace, ${underTool.length} under tool_call: ${[...new Set(underTool.map((span) => span.name))].join(', ')}`,
    );
  }
}

/** The @opentelemetry packages loaded once main.ts's first import and the whole AppModule have loaded. */
function openTelemetryLoaded(extraEnv) {
  const script = `require('./dist/src/tracing/tracing.preload.js');
require('./dist/src/app.module.js');
const names = Object.keys(require.cache).map((path) => (path.match(/node_modules\\/(@opentelemetry\\/[^/]+)/) ?? [])[1]);
console.log(JSON.stringify([...new Set(names.filter(Boolean))]));
process.exit(0);`;
  const run = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...extraEnv },
    encoding: 'utf8',
  });
  return JSON.parse(run.stdout.trim().split('\n').pop() || '[]');
}

function checkNothingLoadedWhenOff() {
  const off = openTelemetryLoaded({});
  const on = openTelemetryLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
  check(
    'OTEL_EXPORTER_OTLP_ENDPOINT unset: only @opentelemetry/api (its no-op tracer) is loaded, no SDK',
    off.length === 1 && off[0] === '@opentelemetry/api' && on.includes('@opentelemetry/sdk-trace-node'),
    `unset: ${off.join(', ')}; set: ${on.length} packages`,
  );
}

try {
  checkNothingLoadedWhenOff();
  await main();
} catch (error) {
  check('the run completed', false, error instanceof Error ? error.stack : String(error));
} finally {
  killAll();
  collector.close();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
