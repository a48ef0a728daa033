// "The limit for our work" in `npm run bench`: the least a server can do for a first caller's
// `create_lead` and still write what the app writes. node:http and the raw driver, no framework:
// one transaction per call holding the replay-fingerprint claim, the returning-caller lookups by
// phone and by email (the (tenantId, phone) and (tenantId, email) indexes), the lead insert, the
// fingerprint's completion and the tool_calls log row, on a database migrated by the app's own
// migrations (the bench starts the built app on it first), so the tables and indexes are the same.
//
// Not done here, on purpose (it is the app's own CPU work, which this limit is measured against):
// DTO validation, libphonenumber (the phone must already be E.164), the rate limit, logging.
//
// Env: BENCH_DIALECT=sqlite (SQLITE_PATH: the migrated file; WAL, synchronous=NORMAL, prepared
// statements) or postgres (DATABASE_URL; a pg Pool of 10 like the app's, named prepared statements);
// VOIP_TOOLS_WEBHOOK_KEY. Prints `LISTENING <port>` once it listens on 127.0.0.1.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const DIALECT = process.env.BENCH_DIALECT;
const KEY_BYTES = Buffer.from(process.env.VOIP_TOOLS_WEBHOOK_KEY ?? '');
const WEBHOOK_PATH = '/api/webhooks/ai-tools';
const E164 = /^\+[1-9]\d{7,14}$/;

// ---------------------------------------------------------------------------------------------
// The statements of one create_lead, in each dialect.

const LEAD_COLUMNS = [
  'id',
  'tenantId',
  'callId',
  'firstName',
  'lastName',
  'phone',
  'email',
  'company',
  'interest',
  'notes',
  'source',
  'status',
  'ownerId',
  'createdAt',
  'updatedAt',
];
const LOG_COLUMNS = [
  'id',
  'tenantId',
  'callId',
  'function_name',
  'args',
  'status',
  'message',
  'httpStatus',
  'durationMs',
  'error',
  'replayOf',
  'createdAt',
];
const FINGERPRINT_COLUMNS = ['fingerprint', 'tenantId', 'callId', 'toolCallId', 'httpStatus', 'reply', 'createdAt'];

function statements(placeholder) {
  const list = (columns) => columns.map((c) => `"${c}"`).join(', ');
  const params = (n, from = 0) => Array.from({ length: n }, (_, i) => placeholder(from + i)).join(', ');
  const latest = (column) =>
    `SELECT * FROM "leads" WHERE "tenantId" = ${placeholder(0)} AND "${column}" = ${placeholder(1)} ` +
    `ORDER BY "updatedAt" DESC, "id" DESC LIMIT 1`;
  return {
    claim: `INSERT INTO "tool_call_fingerprints" (${list(FINGERPRINT_COLUMNS)}) VALUES (${params(FINGERPRINT_COLUMNS.length)})`,
    byPhone: latest('phone'),
    byEmail: latest('email'),
    insertLead: `INSERT INTO "leads" (${list(LEAD_COLUMNS)}) VALUES (${params(LEAD_COLUMNS.length)})`,
    appendNote:
      `UPDATE "leads" SET "notes" = ${placeholder(0)}, "updatedAt" = ${placeholder(1)} ` +
      `WHERE "id" = ${placeholder(2)}`,
    complete:
      `UPDATE "tool_call_fingerprints" SET "httpStatus" = ${placeholder(0)}, "reply" = ${placeholder(1)} ` +
      `WHERE "fingerprint" = ${placeholder(2)}`,
    log: `INSERT INTO "tool_calls" (${list(LOG_COLUMNS)}) VALUES (${params(LOG_COLUMNS.length)})`,
  };
}

/** JSON with keys sorted at every depth, as the app fingerprints a call. */
function canonicalJson(value) {
  return JSON.stringify(value, (_key, inner) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, inner[key]]),
        )
      : inner,
  );
}

/** What one first call writes, in the order the app writes it; `now` in the dialect's form. */
function planCall(call, now) {
  const { args } = call;
  const tenantId = call.tenant_id ?? null;
  const callId = call.call_id ?? null;
  const email = typeof args.email === 'string' && args.email.trim() !== '' ? args.email.trim().toLowerCase() : null;
  const fingerprint = createHash('sha256')
    .update(canonicalJson([tenantId, callId, call.function, args]))
    .digest('hex');
  return {
    tenantId,
    callId,
    email,
    fingerprint,
    toolCallId: randomUUID(),
    leadId: randomUUID(),
    now,
    lead: [
      tenantId,
      callId,
      args.first_name,
      args.last_name ?? null,
      args.phone,
      email,
      args.company ?? null,
      args.interest ?? null,
      args.notes ?? null,
      args.source ?? 'voice_agent',
      'new',
      null,
    ],
  };
}

function reply(plan, returning) {
  const name = plan.lead[2];
  return returning
    ? { lead_id: returning.id, status: 'updated', message: `Welcome back, ${name}. I've updated your details.` }
    : {
        lead_id: plan.leadId,
        status: 'created',
        message: `I've saved your details, ${name}. Someone will be in touch soon.`,
      };
}

// ---------------------------------------------------------------------------------------------
// SQLite: better-sqlite3, one synchronous transaction per call.

function sqliteStore() {
  const Database = require('better-sqlite3');
  const db = new Database(process.env.SQLITE_PATH, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const sql = statements(() => '?');
  const prepared = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)]));
  const createLead = db.transaction((plan, started, argsJson) => {
    const now = plan.now;
    prepared.claim.run(plan.fingerprint, plan.tenantId, plan.callId, plan.toolCallId, null, null, now);
    const returning =
      prepared.byPhone.get(plan.tenantId, plan.lead[4]) ??
      (plan.email ? prepared.byEmail.get(plan.tenantId, plan.email) : undefined);
    if (returning) {
      prepared.appendNote.run(`${returning.notes ?? ''}\n[call ${plan.callId}] called again`.trim(), now, returning.id);
    } else {
      prepared.insertLead.run(plan.leadId, ...plan.lead, now, now);
    }
    const body = reply(plan, returning);
    const bodyJson = JSON.stringify(body);
    prepared.complete.run(200, bodyJson, plan.fingerprint);
    prepared.log.run(
      plan.toolCallId,
      plan.tenantId,
      plan.callId,
      'create_lead',
      argsJson,
      body.status,
      body.message,
      200,
      Math.round(performance.now() - started),
      null,
      null,
      now,
    );
    return bodyJson;
  });
  return {
    // TypeORM's better-sqlite3 driver writes datetimes as UTC 'YYYY-MM-DD HH:MM:SS.SSS'.
    now: () => new Date().toISOString().replace('T', ' ').slice(0, 23),
    createLead: (plan, started, args) => Promise.resolve(createLead(plan, started, JSON.stringify(args))),
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a pg Pool, one transaction per call on one pooled connection.

function postgresStore() {
  const pg = require('pg');
  pg.defaults.parseInputDatesAsUTC = true;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c timezone=UTC' });
  const sql = statements((i) => `$${i + 1}`);
  const q = (client, name, values) => client.query({ name, text: sql[name], values });
  return {
    now: () => new Date(),
    createLead: async (plan, started, args) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const now = plan.now;
        await q(client, 'claim', [plan.fingerprint, plan.tenantId, plan.callId, plan.toolCallId, null, null, now]);
        let returning = (await q(client, 'byPhone', [plan.tenantId, plan.lead[4]])).rows[0];
        if (!returning && plan.email) returning = (await q(client, 'byEmail', [plan.tenantId, plan.email])).rows[0];
        if (returning) {
          const notes = `${returning.notes ?? ''}\n[call ${plan.callId}] called again`.trim();
          await q(client, 'appendNote', [notes, now, returning.id]);
        } else {
          await q(client, 'insertLead', [plan.leadId, ...plan.lead, now, now]);
        }
        const body = reply(plan, returning);
        await q(client, 'complete', [200, body, plan.fingerprint]);
        await q(client, 'log', [
          plan.toolCallId,
          plan.tenantId,
          plan.callId,
          'create_lead',
          args,
          body.status,
          body.message,
          200,
          Math.round(performance.now() - started),
          null,
          null,
          now,
        ]);
        await client.query('COMMIT');
        return JSON.stringify(body);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------

const store = DIALECT === 'postgres' ? postgresStore() : DIALECT === 'sqlite' ? sqliteStore() : null;
if (!store) throw new Error(`BENCH_DIALECT must be sqlite or postgres, not ${DIALECT}`);

function authorized(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  return given.length === KEY_BYTES.length && timingSafeEqual(given, KEY_BYTES);
}

function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function handle(req, res, raw) {
  const started = performance.now();
  if (req.method !== 'POST' || req.url !== WEBHOOK_PATH)
    return send(res, 404, { status: 'error', message: 'Not found' });
  if (!authorized(req.headers.authorization)) return send(res, 401, { status: 'error', message: 'Unauthorized' });
  let call;
  try {
    call = JSON.parse(raw);
  } catch {
    return send(res, 400, { status: 'error', message: 'The body is not JSON.' });
  }
  const args = call?.args;
  if (call?.function !== 'create_lead' || typeof args !== 'object' || args === null)
    return send(res, 400, { status: 'error', message: 'Only create_lead is served here.' });
  if (typeof args.first_name !== 'string' || typeof args.phone !== 'string' || !E164.test(args.phone))
    return send(res, 200, { status: 'error', message: 'I need your first name and a phone number.' });
  const body = await store.createLead(planCall(call, store.now()), started, args);
  return send(res, 200, body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, { status: 'error', message: "I'm having trouble with that right now." });
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
