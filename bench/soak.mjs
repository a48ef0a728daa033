// Soak test of the tools webhook (`npm run soak`, after `npm run build`).
//
// The built app (dist/) runs as a real process with SMS_PROVIDER=vonage against a local fake
// Vonage that misbehaves part of the time, on a cycle of 10 s: 7 s accepting, 1 s throttling
// (status "1"), 1 s answering HTTP 500, 1 s hanging. Meanwhile autocannon sends a steady mix of
// the five tools at a fixed rate, each call with its own call_id. Then the fake accepts
// everything while the outbox drains, the app is stopped with SIGTERM, and the database says
// what became of every text.
//
// Env: SOAK_SECONDS (load, default 60), SOAK_RATE (requests/s, default 150),
//      SOAK_DRAIN_SECONDS (longest wait for the outbox to empty, default 30),
//      DATABASE_URL (PostgreSQL instead of a temporary SQLite file; rows are told apart by call id).
// Exit code: 1 when the app crashed, an answer was not contract JSON, or the soak could not run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';

import {
  benchError,
  children,
  HOST,
  positiveNumber,
  sleep,
  startBuiltApp,
  stopChild,
  WEBHOOK_PATH,
  weekdayAhead,
} from './support.mjs';

const SOAK_KEY = 'csk_live_soak_0123456789abcdef0123456789abcdef';
const JWT_SECRET = 'soak-jwt-secret-0123456789abcdef0123456789abcdef';
const TENANTS = ['soak-tenant-1', 'soak-tenant-2', 'soak-tenant-3', 'soak-tenant-4'];

const SECONDS = positiveNumber(process.env.SOAK_SECONDS, 60);
const RATE = positiveNumber(process.env.SOAK_RATE, 150);
const DRAIN_SECONDS = positiveNumber(process.env.SOAK_DRAIN_SECONDS, 30);
const CONNECTIONS = 10;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
// Every call id of this run starts so, which tells its rows apart in a shared PostgreSQL.
const RUN = `soak-${randomUUID().slice(0, 8)}`;

const CONTRACT_STATUSES = new Set([
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
]);
const HTTP_STATUSES = new Set([200, 400, 401, 403, 413, 429, 500]);

// The fake provider's cycle, second by second within each 10 s.
const CYCLE = [
  'accept',
  'accept',
  'accept',
  'accept',
  'accept',
  'accept',
  'accept',
  'throttle',
  'server-error',
  'hang',
];
// Longer than the app's SMS_TIMEOUT_MS (3 s by default): the app gives up first.
const HANG_MS = 5000;

// ---------------------------------------------------------------------------------------------
// The fake Vonage SMS API (POST /sms/json), in this process.

function startFakeVonage() {
  const started = Date.now();
  const stats = { requests: 0, byMode: new Map(), accepted: [], steady: false };
  const hanging = new Set();
  const modeNow = () => (stats.steady ? 'accept' : CYCLE[Math.floor((Date.now() - started) / 1000) % CYCLE.length]);
  const reply = (response, status, body) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    if (request.method !== 'POST' || !request.url?.startsWith('/sms/json'))
      return reply(response, 404, { error: 'not found' });
    const raw = Buffer.concat(chunks).toString('utf8');
    let params = {};
    try {
      params = (request.headers['content-type'] ?? '').includes('json')
        ? JSON.parse(raw || '{}')
        : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return reply(response, 400, { error: 'bad request' });
    }
    const mode = modeNow();
    stats.requests += 1;
    stats.byMode.set(mode, (stats.byMode.get(mode) ?? 0) + 1);
    const status = (code, errorText) =>
      reply(response, 200, {
        'message-count': '1',
        messages: [{ to: params.to, status: code, 'error-text': errorText }],
      });
    switch (mode) {
      case 'throttle':
        return status('1', 'Throughput Rate Exceeded');
      case 'server-error':
        return reply(response, 500, { error: 'internal error' });
      case 'hang': {
        hanging.add(response);
        setTimeout(() => {
          hanging.delete(response);
          response.destroy();
        }, HANG_MS).unref();
        return undefined;
      }
    }
    stats.accepted.push(params['client-ref'] ?? null);
    return reply(response, 200, {
      'message-count': '1',
      messages: [
        {
          to: params.to,
          'message-id': randomUUID(),
          status: '0',
          'remaining-balance': '9.50',
          'message-price': '0.0075',
          network: '310260',
        },
      ],
    });
  });
  return new Promise((resolveServer) =>
    server.listen(0, HOST, () =>
      resolveServer({
        url: `http://${HOST}:${server.address().port}`,
        stats,
        stop: async () => {
          for (const response of hanging) response.destroy();
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        },
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The app and what it holds.

/** Resident memory of a process in MiB, from /proc (Linux); null elsewhere. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Read-only queries on the app's database: the SQLite file, or PostgreSQL at DATABASE_URL. */
async function openDatabase(sqlitePath) {
  if (DATABASE_URL) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    return {
      all: async (sql, parameters) => {
        let index = 0;
        return (
          await client.query(
            sql.replace(/\?/g, () => `$${++index}`),
            parameters,
          )
        ).rows;
      },
      close: () => client.end(),
    };
  }
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true, timeout: 5000 });
  return { all: async (sql, parameters) => db.prepare(sql).all(...parameters), close: async () => db.close() };
}

const OWN_ROWS = `"callId" LIKE ?`;
const ownRows = () => [`${RUN}-%`];

async function outboxState(db) {
  const rows = await db.all(
    `SELECT status, COUNT(*) AS n, SUM(attempts) AS attempts FROM sms_messages WHERE ${OWN_ROWS} GROUP BY status ORDER BY status`,
    ownRows(),
  );
  return rows.map((row) => ({ status: row.status, count: Number(row.n), attempts: Number(row.attempts ?? 0) }));
}

// ---------------------------------------------------------------------------------------------
// Load: a steady mix of the five tools.

const MIX = [
  ...Array(5).fill('send_sms'),
  ...Array(5).fill('create_lead'),
  ...Array(4).fill('leave_message'),
  ...Array(3).fill('schedule_appointment'),
  ...Array(3).fill('check_policy_status'),
];
// Spread over many days and the business hours, so that most bookings find their time free.
const TIMES = ['9:00', '10:30', '2 PM', '3:15 PM', '16:00', '11 AM', '1:30 PM', '9:45'];

function callFor(n) {
  const fn = MIX[n % MIX.length];
  const phone = `+1786555${String(n % 10000).padStart(4, '0')}`;
  const args = {
    send_sms: {
      to_phone: phone,
      message: `Hi, this is the office address you asked for: 100 Main St, Miami. (${n})`,
      purpose: 'address',
      caller_name: 'Ana',
    },
    create_lead: {
      first_name: 'Ana',
      last_name: 'Lopez',
      phone,
      email: `ana.${n}@example.com`,
      interest: 'home insurance quote',
    },
    leave_message: {
      caller_name: 'Ana Lopez',
      caller_phone: phone,
      message: 'Please call me back about my claim.',
      urgent: n % 2 === 0,
    },
    schedule_appointment: {
      caller_name: 'Ana Lopez',
      phone,
      date: weekdayAhead(10 + (Math.floor(n / TIMES.length) % 500)),
      time: TIMES[n % TIMES.length],
      purpose: 'review my home policy',
    },
    check_policy_status: { policy_number: `SOAK-${n % 50}`, last_name: 'Lopez' },
  }[fn];
  return JSON.stringify({ function: fn, args, call_id: `${RUN}-${n}`, tenant_id: TENANTS[n % TENANTS.length] });
}

/** Is this answer the platform's contract: JSON with a known `status` and a spoken `message`? */
function contractProblem(httpStatus, body) {
  if (!HTTP_STATUSES.has(httpStatus)) return `HTTP ${httpStatus}`;
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `HTTP ${httpStatus} with a body that is not JSON`;
  }
  if (!CONTRACT_STATUSES.has(parsed?.status)) return `HTTP ${httpStatus} with status ${JSON.stringify(parsed?.status)}`;
  if (typeof parsed.message !== 'string' || parsed.message.trim() === '')
    return `HTTP ${httpStatus} without a spoken message`;
  return null;
}

function runLoad(url, tally) {
  let n = 0;
  const request = {
    method: 'POST',
    path: WEBHOOK_PATH,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SOAK_KEY}` },
    setupRequest: (req) => {
      req.body = callFor(++n);
      return req;
    },
    onResponse: (status, body) => {
      const problem = contractProblem(status, body ?? '');
      if (problem) {
        tally.broken += 1;
        if (tally.samples.length < 5) tally.samples.push(`${problem}: ${String(body).slice(0, 200)}`);
        return;
      }
      const key = `${status} ${JSON.parse(body).status}`;
      tally.answers.set(key, (tally.answers.get(key) ?? 0) + 1);
    },
  };
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, overallRate: RATE, duration: SECONDS, timeout: 10, requests: [request] },
      (err, result) => (err ? reject(err) : resolveRun({ result, sent: n })),
    );
    // Failed requests are counted in the result; an unhandled 'error' event would abort the soak.
    instance.on('error', () => {});
  });
}

// ---------------------------------------------------------------------------------------------

const mib = (value) =>
  value === undefined || value === null || Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} MiB`;

let dataDir;
let fake;
let cleaningUp;

async function cleanup() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map(stopChild));
    await fake?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the app`);
    cleanup().finally(() => process.exit(130));
  });
}

async function main() {
  const failures = [];
  const warnings = [];
  const budgetMs = 60_000 + (SECONDS + DRAIN_SECONDS + 60) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`soak: gave up after ${Math.round(budgetMs / 1000)} s`);
    cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  const cpus = os.cpus();
  console.log(`date:      ${new Date().toISOString()}`);
  console.log(
    `machine:   ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`,
  );
  console.log(
    `load:      ${SECONDS} s at ${RATE} req/s over ${CONNECTIONS} connections: send_sms 25%, create_lead 25%, leave_message 20%,`,
  );
  console.log(
    `           schedule_appointment 15%, check_policy_status 15%; ${TENANTS.length} tenants; a new call_id per request`,
  );
  console.log(
    `provider:  fake Vonage, every 10 s: 7 s accept, 1 s throttle (status 1), 1 s HTTP 500, 1 s hang (${HANG_MS / 1000} s, then dropped)`,
  );

  fake = await startFakeVonage();
  dataDir = mkdtempSync(join(os.tmpdir(), 'voice-crm-soak-'));
  const sqlitePath = join(dataDir, 'crm.sqlite');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SQLITE_PATH: sqlitePath,
    VOIP_TOOLS_WEBHOOK_KEY: SOAK_KEY,
    JWT_SECRET,
    SMS_PROVIDER: 'vonage',
    VONAGE_API_KEY: 'soak-api-key',
    VONAGE_API_SECRET: 'soak-api-secret',
    VONAGE_FROM: 'VoiceCRM',
    VONAGE_REST_HOST: fake.url,
    // Retries within the soak's own time rather than minutes later.
    SMS_RETRY_BASE_MS: '500',
    // The load is steady and legitimate: neither the webhook's nor the SMS limits should bite.
    WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
    SMS_MAX_PER_TENANT_HOUR: '1000000',
    SMS_MAX_PER_PLATFORM_HOUR: '10000000',
    LOG_LEVEL: 'warn',
  };
  delete env.ADMIN_EMAIL;
  delete env.ADMIN_PASSWORD;
  if (!DATABASE_URL) delete env.DATABASE_URL;
  const app = await startBuiltApp(env);
  const pid = app.child.pid;
  // JSON log lines at level error or fatal (pino writes the level by name or by number).
  let errorLines = 0;
  let partialLine = '';
  app.child.stdout.on('data', (chunk) => {
    const lines = (partialLine + chunk).split('\n');
    partialLine = lines.pop();
    errorLines += lines.filter((line) => /"level":\s*(?:"(?:error|fatal)"|50|60)[,}]/.test(line)).length;
  });
  let crashed = false;
  let stopping = false;
  app.child.once('exit', (code, signal) => {
    if (!stopping) {
      crashed = true;
      failures.push(`the app exited during the soak (code ${code ?? signal})`);
    }
  });
  console.log(
    `app:       started in ${app.startupMs} ms, pid ${pid}, NODE_ENV=production, ${DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'SQLite file'}`,
  );

  const memoryAtStart = memoryOf(pid);
  let peakRss = memoryAtStart?.rss ?? 0;
  const sampler = setInterval(() => {
    const now = memoryOf(pid);
    if (now) peakRss = Math.max(peakRss, now.rss);
  }, 1000);

  console.log(`\nrunning ${SECONDS} s of load …`);
  const tally = { answers: new Map(), broken: 0, samples: [] };
  const { result, sent } = await runLoad(app.url, tally);
  const memoryAfterLoad = memoryOf(pid);
  if (crashed) throw benchError(`the app died during the soak. Its output:\n${app.child.outputTail()}`);

  // The provider behaves from now on: whatever is still queued can go.
  fake.stats.steady = true;
  const db = await openDatabase(sqlitePath);
  const drainStarted = Date.now();
  let pending;
  for (;;) {
    const state = await outboxState(db);
    pending = state
      .filter((row) => row.status === 'queued' || row.status === 'sending')
      .reduce((sum, row) => sum + row.count, 0);
    if (pending === 0 || Date.now() - drainStarted > DRAIN_SECONDS * 1000 || crashed) break;
    await sleep(500);
  }
  const drainMs = Date.now() - drainStarted;
  clearInterval(sampler);
  const memoryAtEnd = memoryOf(pid);

  // SIGTERM: a clean stop ends in exit code 0 within a few seconds.
  stopping = true;
  const stopStarted = Date.now();
  const exit = new Promise((r) => app.child.once('exit', (code, signal) => r({ code, signal })));
  await stopChild(app.child);
  const { code: exitCode, signal: exitSignal } = await exit;
  const stopMs = Date.now() - stopStarted;

  const outbox = await outboxState(db);
  const [{ n: loggedCalls }] = await db.all(`SELECT COUNT(*) AS n FROM tool_calls WHERE ${OWN_ROWS}`, ownRows());
  await db.close();

  // ---- report
  const answered = [...tally.answers.values()].reduce((a, b) => a + b, 0) + tally.broken;
  const codes = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${count}×${code}`);
  const nonSuccess = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${count}×${code}`);
  const byStatus = [...tally.answers.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ${count}`);
  console.log(
    `\nrequests:  ${sent} sent, ${answered} answered (${result.requests.average.toFixed(0)} req/s on average), HTTP ${codes.join(', ') || '-'}`,
  );
  console.log(
    `non-2xx:   ${nonSuccess.length ? nonSuccess.join(', ') : 'none'}; errors ${result.errors} (timeouts ${result.timeouts})`,
  );
  console.log(`answers:   ${byStatus.join(', ')}`);
  console.log(
    `contract:  ${tally.broken === 0 ? 'every answer was contract JSON' : `${tally.broken} answers were not contract JSON`}`,
  );
  for (const sample of tally.samples) console.log(`           e.g. ${sample}`);
  console.log(`latency:   p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(
    `memory:    RSS ${mib(memoryAtStart?.rss)} at start, ${mib(memoryAfterLoad?.rss)} after the load, ${mib(memoryAtEnd?.rss)} after the drain; ` +
      `peak ${mib(Math.max(peakRss, memoryAtEnd?.peak ?? 0))}`,
  );
  const outboxText = outbox.map((row) => `${row.status} ${row.count}`).join(', ') || 'no texts';
  const attempts = outbox.reduce((sum, row) => sum + row.attempts, 0);
  console.log(
    `outbox:    ${outboxText} (${attempts} attempts recorded); ${pending === 0 ? `drained in ${(drainMs / 1000).toFixed(1)} s` : `${pending} still queued or sending after ${DRAIN_SECONDS} s`}`,
  );
  const modes = ['accept', 'throttle', 'server-error', 'hang']
    .map((mode) => `${fake.stats.byMode.get(mode) ?? 0} ${mode}`)
    .join(', ');
  const accepted = fake.stats.accepted.length;
  const distinct = new Set(fake.stats.accepted.filter(Boolean)).size;
  const sentRows = outbox
    .filter((row) => row.status === 'sent' || row.status === 'delivered')
    .reduce((sum, row) => sum + row.count, 0);
  console.log(
    `provider:  ${fake.stats.requests} requests (${modes}); accepted ${accepted} texts, ${distinct} distinct`,
  );
  console.log(
    `texts:     provider accepted ${accepted}, sms rows sent ${sentRows}${accepted === sentRows ? ' (equal)' : ''}`,
  );
  console.log(
    `log:       ${Number(loggedCalls)} tool-call rows for ${answered} answers; ${errorLines} error lines in the app's log`,
  );
  // Nest's shutdown hooks end by raising the signal again once the app is closed.
  const cleanStop = exitCode === 0 || exitSignal === 'SIGTERM';
  console.log(`shutdown:  ${cleanStop ? 'clean' : 'NOT clean'} (${exitCode ?? exitSignal} ${stopMs} ms after SIGTERM)`);

  if (tally.broken > 0) failures.push(`${tally.broken} answers were not contract JSON`);
  if (accepted !== distinct) warnings.push(`the provider accepted ${accepted - distinct} texts twice`);
  if (accepted !== sentRows) warnings.push(`the provider accepted ${accepted} texts but ${sentRows} rows say sent`);
  if (pending > 0) warnings.push(`${pending} texts were still queued or sending when the app was stopped`);
  // Calls still in flight when the load stopped are answered to no one but logged all the same.
  if (Number(loggedCalls) < answered || Number(loggedCalls) > sent)
    warnings.push(`${answered} answers (${sent} requests) but ${Number(loggedCalls)} tool-call rows`);
  if (!cleanStop) warnings.push(`the app did not stop cleanly on SIGTERM (exit ${exitCode ?? exitSignal})`);
  for (const warning of warnings) console.log(`WARNING:   ${warning}`);
  console.log(`\nresult:    ${failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`}`);
  return failures.length === 0;
}

try {
  const passed = await main();
  await cleanup();
  process.exitCode = passed ? 0 : 1;
} catch (err) {
  console.error(`\nsoak failed: ${err?.benchError ? err.message : (err?.stack ?? err)}`);
  await cleanup();
  process.exitCode = 1;
}
// fetch's connection pool can keep the loop alive for seconds after a refused connection;
// once everything is stopped there is nothing left to wait for.
setTimeout(() => process.exit(), 1000).unref();
