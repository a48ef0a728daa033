import { Script } from 'node:vm';

import fc from 'fast-check';
import type { Response } from 'supertest';

import { argsOverLimits } from '../src/tools-webhook/args-limits';
import { MAX_BODY_NESTING, nestingDepth } from '../src/tools-webhook/tools-webhook-body';
import { createTestApp, onPostgres, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';
import { weekdayAhead } from './support/values';

/*
 * Property-based fuzzing of the tools webhook over real HTTP: thousands of generated envelopes,
 * tool args, raw bodies, content types and credentials. Whatever arrives, the platform gets its
 * contract, nothing reaches Object.prototype, no promise is left rejected, the app keeps
 * answering, and every request the app could read with a good key is in the tool-call log.
 */

const PATH = '/api/webhooks/ai-tools';
// express.json's "100kb" in tools-webhook-body.ts.
const BODY_LIMIT_BYTES = 100 * 1024;
// The defaults of WEBHOOK_ARGS_MAX_KEYS and WEBHOOK_ARGS_MAX_TEXT.
const ARGS_LIMITS = { maxKeys: 200, maxText: 20_000 };
const HTTP_STATUSES = [200, 400, 401, 403, 413, 429, 500];
const CONTRACT_STATUSES = [
  'sent',
  'created',
  'updated',
  'saved',
  'scheduled',
  'unavailable',
  'found',
  'not_found',
  'noted',
  'error',
  'failed',
];
const TOOLS = ['send_sms', 'create_lead', 'leave_message', 'schedule_appointment', 'check_policy_status'] as const;
type Tool = (typeof TOOLS)[number];

// Each property sends this many requests; PostgreSQL round trips cost more than SQLite's.
const RUNS = onPostgres ? 1000 : 1500;
const POLLUTION_MARK = 'polluted_by_fuzz';
/** Leaves the key out of the object it would be in. */
const ABSENT = Symbol('absent');

/**
 * An object written key by key, so that "__proto__" arrives as an own key of the parsed body,
 * as an attacker's raw JSON does (JSON.stringify of an object literal with __proto__ loses it).
 */
class RawObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

function toJson(value: unknown): string {
  if (value instanceof RawObject)
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) return toJson(new RawObject(Object.entries(value)));
  return JSON.stringify(value) ?? 'null';
}

function rawObject(entries: Array<readonly [string, unknown]>): RawObject {
  return new RawObject(entries.filter(([, value]) => value !== ABSENT));
}

// ---------------------------------------------------------------------------------------------
// Values.

const pollutionEntry = fc.constantFrom<readonly [string, unknown]>(
  ['__proto__', new RawObject([[POLLUTION_MARK, 'yes']])],
  [
    '__proto__',
    new RawObject([
      ['toString', POLLUTION_MARK],
      ['hasOwnProperty', POLLUTION_MARK],
    ]),
  ],
  ['__proto__', [POLLUTION_MARK]],
  ['__proto__', null],
  ['constructor', new RawObject([['prototype', new RawObject([[POLLUTION_MARK, 'yes']])]])],
  ['constructor', POLLUTION_MARK],
  ['prototype', new RawObject([[POLLUTION_MARK, 'yes']])],
);

/** A value nested somewhere in args that carries prototype-pollution keys of its own. */
const pollutingValue = fc
  .array(pollutionEntry, { minLength: 1, maxLength: 3 })
  .map((entries) => new RawObject(entries));

/** 20 to 90 kB of text: within the body limit alone, over it when two meet. */
const hugeText = fc
  .tuple(fc.integer({ min: 20_000, max: 90_000 }), fc.constantFrom('x', 'é', '😀', 'word ', '\u0301'))
  .map(([bytes, unit]) => unit.repeat(Math.floor(bytes / Buffer.byteLength(unit))));

/** Just over the body limit on its own. */
const overLimitText = fc.integer({ min: 1, max: 4_000 }).map((extra) => 'x'.repeat(BODY_LIMIT_BYTES + extra));

const strangeText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'null',
    'undefined',
    'NaN',
    '<script>alert(1)</script>',
    "'; DROP TABLE leads; --",
    '{{name}}',
    '%s%n',
    '\u202e\u0000',
  ),
);

/** Anything JSON can carry, of any type. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 5 }) },
  { weight: 3, arbitrary: strangeText },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, -0, 2 ** 53 + 1)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }) },
  { weight: 1, arbitrary: pollutingValue },
);

const phone = fc.constantFrom(
  '+17865550198',
  '(786) 555-0198',
  '786.555.0198',
  '+44 20 7946 0958',
  '555',
  'seven eight six',
  '+1 786 555 0198 ext 12',
);
const personName = fc.constantFrom(
  'Ana',
  'José Ñúñez',
  '李小龙',
  "O'Brien",
  'undefined undefined',
  'null',
  'Ana {lastName}',
  'Dr. Jekyll',
);
const words = fc.constantFrom(
  'home insurance quote',
  'Our address is 123 Main St.',
  'Please call me back.',
  'renewal',
  'status',
);
const day = fc.constantFrom(
  weekdayAhead(10, 'America/New_York'),
  'tomorrow',
  'next Tuesday',
  'December 4',
  'yesterday',
  '2020-01-01',
  'someday',
  '31/02/2030',
);
const clock = fc.constantFrom('10:00', '2:30 PM', 'noon', 'morning', '25:99', '0:00');

/** Each tool's real args with plausible values, so that generated calls also reach the handlers. */
const PLAUSIBLE: Record<Tool, Record<string, fc.Arbitrary<unknown>>> = {
  send_sms: { to_phone: phone, message: words, purpose: words, caller_name: personName },
  create_lead: {
    first_name: personName,
    phone,
    last_name: personName,
    email: fc.constantFrom('ana@example.com', 'ANA at example dot com', 'not an email'),
    company: words,
    interest: words,
    notes: words,
    source: words,
  },
  leave_message: {
    caller_name: personName,
    caller_phone: phone,
    message: words,
    for_person: personName,
    urgent: fc.constantFrom(true, false, 'yes', 'urgent', 1, 0, 'maybe'),
    callback_preferred_time: clock,
  },
  schedule_appointment: {
    caller_name: personName,
    phone,
    date: day,
    purpose: words,
    time: clock,
    duration: fc.constantFrom(30, '30 minutes', 'an hour', -5, 1e9, 2.5, 'forever'),
    notes: words,
  },
  check_policy_status: {
    policy_number: fc.constantFrom('POL-100200', 'X-1', '!!!', 'pol 1234'),
    phone,
    last_name: personName,
    date_of_birth: fc.constantFrom('1980-02-29', 'yesterday'),
    lookup_type: fc.constantFrom('status', 'renewal', 'everything'),
  },
};

/** A field's value: mostly plausible, else of any type, huge, or carrying pollution keys. */
function fieldValue(plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: plausible },
    { weight: 6, arbitrary: anyValue },
    { weight: 1, arbitrary: hugeText },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );
}

/** A tool's args, fields in any order, with prototype-pollution and unknown keys mixed in. */
function toolArgs(tool: Tool): fc.Arbitrary<RawObject> {
  const fields = Object.entries(PLAUSIBLE[tool]).map(([name, plausible]) =>
    fieldValue(plausible).map((value) => [name, value] as const),
  );
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.array(pollutionEntry, { maxLength: 2 }),
      fc.array(fc.tuple(fc.string({ maxLength: 12 }), anyValue), { maxLength: 2 }),
      fc.nat(),
    )
    .map(([known, pollution, unknown, seed]) => {
      const entries = [...known, ...pollution, ...unknown];
      // A cheap deterministic shuffle: key order must not matter to the app.
      for (let index = entries.length - 1; index > 0; index -= 1) {
        const other = (seed + index * 7919) % (index + 1);
        [entries[index], entries[other]] = [entries[other], entries[index]];
      }
      return rawObject(entries);
    });
}

const anyToolArgs = fc.oneof(...TOOLS.map(toolArgs));

/** How the request names its call: left out, unique (maybe too long), or not a string at all. */
type CallIdShape = { kind: 'absent' } | { kind: 'unique'; suffix: string } | { kind: 'value'; value: unknown };
const callIdShape: fc.Arbitrary<CallIdShape> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'absent' as const }) },
  {
    weight: 6,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((suffix) => ({ kind: 'unique' as const, suffix })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unique' as const, suffix: 'x'.repeat(130) }) },
  // Strings only ever come unique, so a duplicate-call replay never changes what is counted.
  {
    weight: 2,
    arbitrary: anyValue
      .filter((value) => typeof value !== 'string')
      .map((value) => ({ kind: 'value' as const, value })),
  },
);

let sequence = 0;
function callIdFor(shape: CallIdShape): unknown {
  if (shape.kind === 'absent') return ABSENT;
  if (shape.kind === 'value') return shape.value;
  sequence += 1;
  return `fuzz-${sequence}-${shape.suffix}`;
}

const tenantId = fc.oneof(
  { weight: 3, arbitrary: fc.constant(ABSENT) },
  { weight: 4, arbitrary: fc.constantFrom(TENANT, 'fuzz-tenant', 'tenant.b:1') },
  { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(129), 'tenant a', '../other', TENANT.toUpperCase()) },
  { weight: 2, arbitrary: anyValue },
);

const functionName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...TOOLS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'unknown_tool',
      'SEND_SMS',
      'send_sms ',
      '',
      'a'.repeat(100),
      'a'.repeat(101),
      'constructor',
      '__proto__',
      'toString',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 140 }) },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constant(ABSENT) },
);

const envelopeArgs = fc.oneof(
  { weight: 6, arbitrary: anyToolArgs },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constant(ABSENT) },
  { weight: 1, arbitrary: hugeText.map((notes) => rawObject([['notes', notes]])) },
);

interface Envelope {
  function: unknown;
  args: unknown;
  callId: CallIdShape;
  tenantId: unknown;
  extra: Array<readonly [string, unknown]>;
}

const envelope: fc.Arbitrary<Envelope> = fc.record({
  function: functionName,
  args: envelopeArgs,
  callId: callIdShape,
  tenantId,
  extra: fc.array(fc.oneof(pollutionEntry, fc.tuple(fc.string({ maxLength: 12 }), anyValue)), { maxLength: 3 }),
});

function envelopeJson(value: Envelope, reversed = false): string {
  const entries: Array<readonly [string, unknown]> = [
    ['function', value.function],
    ['args', value.args],
    ['call_id', callIdFor(value.callId)],
    ['tenant_id', value.tenantId],
    ...value.extra,
  ];
  return toJson(rawObject(reversed ? entries.reverse() : entries));
}

// ---------------------------------------------------------------------------------------------
// What the app is expected to do with a request, by what it is.

interface Exchange {
  body: string | Buffer;
  contentType: string;
  headers: Record<string, string>;
  /** The credentials open the webhook. */
  authenticated: boolean;
}

/** What a request must come to; `row` is the log row it must leave, if any. */
interface Fate {
  /** The HTTP status, when it is known before any tool runs. */
  status?: number;
  row?: { function: boolean; args: boolean };
}

/**
 * The answer a request must get before any tool is involved, and the tool-call log row it must
 * leave. The webhook parses its own body ahead of authentication: a charset other than UTF-*
 * and a body that is not a JSON object or array are 400, an oversized one 413, all unlogged
 * (nothing says whose they are). A readable body with a bad key is 401, unlogged. With a good
 * key every readable body is logged, whatever its answer (200 from a tool, 400 from envelope
 * validation, 500 from a failure), with its `function` when that was a string and its args
 * when there were any. A body nested deeper than MAX_BODY_NESTING is refused like an
 * unreadable one.
 */
function fateOf(exchange: Exchange): Fate {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(exchange.contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && !charset.startsWith('utf-')) return { status: 400 };
  if (Buffer.byteLength(exchange.body) > BODY_LIMIT_BYTES) return { status: 413 };
  const text = (typeof exchange.body === 'string' ? exchange.body : exchange.body.toString('utf8')).replace(
    /^\uFEFF/,
    '',
  );
  let parsed: unknown;
  try {
    // express.json reads an empty body as {}.
    parsed = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return { status: 400 };
  }
  if (typeof parsed !== 'object' || parsed === null) return { status: 400 };
  // Refused with the unreadable bodies, before the key is looked at.
  if (nestingDepth(parsed) > MAX_BODY_NESTING) return { status: 400 };
  if (!exchange.authenticated) return { status: 401 };
  const envelope = (Array.isArray(parsed) ? {} : parsed) as Record<string, unknown>;
  const args = envelope.args;
  // Args too large to be worth validating are refused before validation, and logged without them.
  const sighted =
    args === undefined || args === null
      ? null
      : typeof args === 'object' && !Array.isArray(args)
        ? args
        : { unusable: args };
  if (argsOverLimits(sighted, ARGS_LIMITS) !== null)
    return { status: 413, row: { function: typeof envelope.function === 'string', args: true } };
  return { row: { function: typeof envelope.function === 'string', args: args !== undefined && args !== null } };
}

/**
 * Speech, not a dump: the contract's sentences (src/tools-webhook/spoken) contain no braces,
 * no stack frames ("at fn (file.ts:1:2)"), no error names and no line breaks. " at " alone is
 * fine: "the number ending in 0198", "December 4 at 2 PM".
 */
const NOT_SPEECH = /[{}]|\bat \S+ \(|^\s*at |\.[jt]s:\d|Error:|\n/m;

interface Ledger {
  requests: number;
  /** The tool-call log rows there must be: how many, by HTTP status and which fields they hold. */
  rows: Map<string, number>;
  /** Every answer, by HTTP status and contract status. */
  answers: Map<string, number>;
}

function rowKey(httpStatus: unknown, hasFunction: unknown, hasArgs: unknown): string {
  return `HTTP ${Number(httpStatus)}, function ${Number(hasFunction) ? 'named' : 'null'}, args ${Number(hasArgs) ? 'kept' : 'null'}`;
}

function count(tally: Map<string, number>, key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypesIntact(): void {
  expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(typeof Object.prototype.toString).toBe('function');
  expect(typeof Object.prototype.hasOwnProperty).toBe('function');
}

describe('tools webhook under fuzzing', () => {
  let t: TestApp;
  const ledger: Ledger = { requests: 0, rows: new Map(), answers: new Map() };
  // Jest hands a test file a copy of `process` whose listeners never hear the real process's
  // events; the real one is the main context's global.
  const realProcess = new Script('process').runInThisContext() as NodeJS.Process;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    realProcess.on('unhandledRejection', onRejection);
    // Limits that would otherwise decline most of the load: never throttled, every text allowed.
    t = await createTestApp({
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
      SMS_MAX_PER_TENANT_HOUR: '1000000',
      SMS_MAX_PER_PLATFORM_HOUR: '10000000',
      SMS_MAX_PER_CALL: '1000',
    });
    // Local and instant: texts with a usable number are accepted and counted.
    t.vonage.mode = 'accept';
    // A policy the generated lookups can find.
    await t.http
      .post(`/api/policies?tenant_id=${TENANT}`)
      .set('Authorization', `Bearer ${await t.staffToken()}`)
      .send({
        policyNumber: 'POL-100200',
        status: 'active',
        lastName: "O'Brien",
        phone: '+17865550198',
        dateOfBirth: '1980-02-29',
        renewalDate: '2031-03-01',
      })
      .expect(201);
  }, 60_000);
  afterAll(async () => {
    realProcess.off('unhandledRejection', onRejection);
    await t?.close();
  });

  /** Sends one request and checks its answer against the contract and the expected fate. */
  async function exchange(request: Exchange): Promise<Response> {
    const fate = fateOf(request);
    ledger.requests += 1;
    const res = await t.http
      .post(PATH)
      .set(request.headers)
      .set('Content-Type', request.contentType)
      // Sent as is: superagent would otherwise JSON-encode a Buffer for a JSON content type.
      .serialize((data: unknown) => data as string)
      .send(request.body);
    const context = `${res.status} ${res.text.slice(0, 300)} ← ${request.contentType} ${String(request.body).slice(0, 300)}`;
    expect({ status: HTTP_STATUSES.includes(res.status), context }).toEqual({ status: true, context });
    if (fate.status !== undefined) expect({ status: res.status, context }).toEqual({ status: fate.status, context });
    // No generated envelope makes a tool fail unexpectedly: a 500 only where fateOf says so.
    else expect({ status: [200, 400].includes(res.status), context }).toEqual({ status: true, context });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body: unknown = JSON.parse(res.text);
    expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true);
    const { status, message } = body as { status: unknown; message: unknown };
    expect({ status, context }).toEqual({ status: expect.any(String), context });
    expect(CONTRACT_STATUSES).toContain(status);
    expect({ message, context }).toEqual({ message: expect.any(String), context });
    expect((message as string).trim().length).toBeGreaterThan(0);
    expect(message).not.toMatch(NOT_SPEECH);
    if (fate.row) count(ledger.rows, rowKey(res.status, fate.row.function, fate.row.args));
    count(ledger.answers, `${res.status} ${status as string}`);
    expectPrototypesIntact();
    return res;
  }

  const withKey = { Authorization: `Bearer ${WEBHOOK_KEY}` };

  const unique = { kind: 'unique' as const, suffix: '' };
  const SUCCESSFUL_CALLS: Array<{ tool: Tool; args: unknown; callId: CallIdShape; tenantId: string | symbol }> = [
    { tool: 'send_sms', args: { to_phone: '+17865550123', message: 'Our address' }, callId: unique, tenantId: TENANT },
    { tool: 'create_lead', args: { first_name: 'Fuzz', phone: '+17865550124' }, callId: unique, tenantId: TENANT },
    {
      tool: 'leave_message',
      args: { caller_name: 'Fuzz', caller_phone: '+17865550125', message: 'Call me back' },
      callId: unique,
      tenantId: TENANT,
    },
    {
      tool: 'schedule_appointment',
      args: {
        caller_name: 'Fuzz',
        phone: '+17865550126',
        date: weekdayAhead(12, 'America/New_York'),
        time: '10:00',
        purpose: 'a review',
      },
      callId: unique,
      tenantId: TENANT,
    },
    {
      tool: 'check_policy_status',
      args: { policy_number: 'POL-999999', phone: '+17865550127' },
      callId: unique,
      tenantId: TENANT,
    },
  ];

  it('answers every generated envelope in the contract', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, fc.boolean(), async (value, reversed) => {
        await exchange({
          body: envelopeJson(value, reversed),
          contentType: 'application/json',
          headers: withKey,
          authenticated: true,
        });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('answers every generated set of args to each real tool in the contract', async () => {
    const call = fc.constantFrom(...TOOLS).chain((tool) =>
      fc.record({
        tool: fc.constant(tool),
        args: fc.oneof(
          { weight: 30, arbitrary: toolArgs(tool) },
          // Plausible values only, so that every tool also runs to its end.
          { weight: 10, arbitrary: fc.record(PLAUSIBLE[tool], { requiredKeys: [] }) },
          { weight: 1, arbitrary: overLimitText.map((notes) => rawObject([['notes', notes]])) },
        ),
        callId: fc.oneof(
          { weight: 4, arbitrary: fc.constant({ kind: 'unique' as const, suffix: '' }) },
          { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
        ),
        tenantId: fc.constantFrom(TENANT, ABSENT),
      }),
    );
    await fc.assert(
      fc.asyncProperty(call, async ({ tool, args, callId, tenantId: tenant }) => {
        const body = envelopeJson({ function: tool, args, callId, tenantId: tenant, extra: [] });
        await exchange({ body, contentType: 'application/json', headers: withKey, authenticated: true });
      }),
      // One call per tool that runs to its end, first: the coverage check below then does not
      // depend on chance (a booking needs a dozen generated values to line up).
      { numRuns: RUNS, examples: SUCCESSFUL_CALLS.map((example) => [example]) },
    );
  }, 300_000);

  it('answers raw bodies, content types and credentials of every kind in the contract', async () => {
    const validCall = fc
      .constantFrom(...TOOLS)
      .chain(toolArgs)
      .map((args) =>
        envelopeJson({
          function: 'create_lead',
          args,
          callId: { kind: 'unique', suffix: '' },
          tenantId: TENANT,
          extra: [],
        }),
      );
    const body = fc.oneof(
      { weight: 3, arbitrary: envelope.map((value) => envelopeJson(value)) },
      { weight: 2, arbitrary: fc.tuple(validCall, fc.nat()).map(([json, cut]) => json.slice(0, cut % json.length)) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '',
          ' ',
          'null',
          'true',
          '42',
          '"send_sms"',
          '[]',
          '[{"function":"send_sms","args":{}}]',
          '{}',
          '\uFEFF{"function":"noted_tool","args":{}}',
          'function=send_sms&args[to_phone]=%2B17865550198',
          '<call><function>send_sms</function></call>',
          '{"function":"send_sms","args":{"to_phone":"+17865550198","message":"hi"}}}',
          // Nesting: far deeper than anything the app recurses through, in 10 to 30 kB.
          '{"function":"send_sms","args":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
          '{"function":"create_lead","args":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}',
          '{"function":"create_lead","args":{},"call_id":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
          '['.repeat(10000) + ']'.repeat(10000),
          '{"__proto__":{"' +
            POLLUTION_MARK +
            '":"yes"},"function":"create_lead","args":{"__proto__":{"' +
            POLLUTION_MARK +
            '":"yes"},"first_name":"Ana","phone":"+17865550198"}}',
          '{"constructor":{"prototype":{"' +
            POLLUTION_MARK +
            '":"yes"}},"function":"leave_message","args":{"constructor":{"prototype":{"' +
            POLLUTION_MARK +
            '":"yes"}}}}',
        ),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
      {
        weight: 1,
        arbitrary: overLimitText.map((text) => `{"function":"leave_message","args":{"message":"${text}"}}`),
      },
    );
    const contentType = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=UTF-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=fuzz',
          'application/xml',
          'application/octet-stream',
          'application/json; charset=iso-8859-1',
          'text/plain; charset=us-ascii',
          'application/vnd.api+json',
        ),
      },
      // Any header-safe text; no ";" so that it names no charset.
      {
        weight: 1,
        arbitrary: fc
          .string({
            unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
            maxLength: 60,
          })
          .map((text) => text.replace(/;/g, ',')),
      },
    );
    const credentials = fc.constantFrom<{ headers: Record<string, string>; authenticated: boolean }>(
      { headers: withKey, authenticated: true },
      { headers: { 'X-API-Key': WEBHOOK_KEY }, authenticated: true },
      { headers: { Authorization: `bearer   ${WEBHOOK_KEY}` }, authenticated: true },
      { headers: {}, authenticated: false },
      { headers: { Authorization: `Bearer ${WEBHOOK_KEY}x` }, authenticated: false },
      {
        headers: { Authorization: `Basic ${Buffer.from(`${WEBHOOK_KEY}:`).toString('base64')}` },
        authenticated: false,
      },
      { headers: { 'X-API-Key': WEBHOOK_KEY.toUpperCase() }, authenticated: false },
      { headers: { Authorization: 'Bearer' }, authenticated: false },
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, credentials, async (raw, type, { headers, authenticated }) => {
        await exchange({ body: raw, contentType: type, headers, authenticated });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('left no rejected promise unhandled and nothing on Object.prototype', () => {
    expect(rejections).toEqual([]);
    expectPrototypesIntact();
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined();
  });

  it('logged every request it could read with a good key, with the status it answered', async () => {
    const rows: Array<Record<string, number | string>> = await t.dataSource.query(
      `SELECT "httpStatus" AS status,
              CASE WHEN function_name IS NULL THEN 0 ELSE 1 END AS named,
              CASE WHEN args IS NULL THEN 0 ELSE 1 END AS kept,
              COUNT(*) AS count
         FROM tool_calls GROUP BY "httpStatus", function_name IS NULL, args IS NULL`,
    );
    const logged = Object.fromEntries(rows.map((row) => [rowKey(row.status, row.named, row.kept), Number(row.count)]));
    expect(logged).toEqual(Object.fromEntries(ledger.rows));
    // The generators reached every part of the contract: tools ran, envelopes were refused, keys were refused.
    expect(ledger.requests).toBe(3 * RUNS);
    expect([...ledger.answers.keys()]).toEqual(
      expect.arrayContaining([
        '200 sent',
        '200 created',
        '200 saved',
        '200 scheduled',
        '200 not_found',
        '200 noted',
        '200 error',
        '400 error',
        '401 error',
        '413 error',
      ]),
    );
  });

  it('sent exactly the texts it recorded as sent', async () => {
    const [{ count }] = await t.dataSource.query(
      `SELECT COUNT(*) AS count FROM sms_messages WHERE status IN ('sent', 'delivered')`,
    );
    expect(t.vonage.received.length).toBe(Number(count));
    expect(Number(count)).toBeGreaterThan(0);
  });

  it('still serves a normal call and its liveness probe', async () => {
    // A number the fuzzing never used: a caller already on file would be welcomed back (`updated`).
    const res = await t.tool('create_lead', { first_name: 'Ana', phone: '+17865550111' }, { callId: 'after-the-fuzz' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('created');
    expect(await t.rows('leads', 'id = ?', [res.body.lead_id])).toHaveLength(1);
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
  });
});
