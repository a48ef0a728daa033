#!/usr/bin/env node
// Process-level fault injection against the BUILT app (`npm run build` first), on PostgreSQL:
//   1. an instance is killed (SIGKILL) mid-send, and another instance's outbox worker sends the
//      text once its lease lapses — exactly once at the provider;
//   2. SIGTERM drains: the in-flight tool call is answered, new connections are refused, the
//      process exits 0;
//   3. SIGTERM while the outbox worker is retrying a text: the round finishes (the row is sent,
//      its lease released) before the process exits;
//   4. PostgreSQL is stopped and started again under a running instance: the webhook answers a
//      500 in the contract shape within 2 s, readiness says 503, and the app recovers on its own.
//   5. exactly once across a crash: send_sms with a call_id while the provider hangs, the app is
//      killed (SIGKILL) and restarted with the provider accepting (the outbox sends the text once),
//      then the platform re-delivers the same call after the dead claim is judged abandoned
//      (TOOL_CALL_ABANDONED_AFTER_MS): the re-delivery reports the text as sent and the provider
//      receives exactly one. It does not stop PostgreSQL.
// Run from the project root: `npm run test:faults` (or `node test/faults/run.mjs`). It drops and
// recreates the database of FAULTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
// voicecrm_faults) and stops/starts the local cluster with pg_ctlcluster (override with
// FAULTS_PG_STOP_CMD / FAULTS_PG_START_CMD); FAULTS_ONLY=1,3 runs only those scenarios. Prints
// PASS/FAIL lines with figures and exits 1 if any check failed. PostgreSQL is left running and
// every child process is killed, whatever happens (also on Ctrl-C).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

import { killAll, send, sleep, startInstance } from './app-process.mjs';
import { startFakeVonage } from './fake-vonage.mjs';
import { maintenanceUrl, query } from './postgres.mjs';

const DATABASE_URL = process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/voicecrm_faults';
const WEBHOOK_KEY = 'faults_webhook_key_0123456789abcdef0123';
const TENANT = 'faults-tenant';
const PHONE = '+17865550142';

const database = new URL(DATABASE_URL);
const DATABASE_NAME = decodeURIComponent(database.pathname.slice(1));
const PG_HOST = database.hostname || '127.0.0.1';
const PG_PORT = database.port || '5432';
const cluster = () => readdirSync('/etc/postgresql')[0];
const PG_STOP_CMD =
  process.env.FAULTS_PG_STOP_CMD ?? `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main stop -m fast`;
const PG_START_CMD =
  process.env.FAULTS_PG_START_CMD ?? `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main start`;

if (!existsSync('dist/src/main.js')) {
  console.error('dist/src/main.js is missing: run `npm run build` first (from the project root).');
  process.exit(2);
}
if (!/^[A-Za-z0-9_]+$/.test(DATABASE_NAME)) {
  console.error(`FAULTS_DATABASE_URL must name a plain database (letters, digits, _), got "${DATABASE_NAME}"`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const sql = (text, params = []) => query(DATABASE_URL, text, params);

async function recreateDatabase() {
  await query(maintenanceUrl(DATABASE_URL), `DROP DATABASE IF EXISTS "${DATABASE_NAME}" WITH (FORCE)`);
  await query(maintenanceUrl(DATABASE_URL), `CREATE DATABASE "${DATABASE_NAME}"`);
}

const postgresAccepts = () => spawnSync('pg_isready', ['-h', PG_HOST, '-p', PG_PORT, '-q']).status === 0;

async function waitForPostgres(timeoutMs = 30_000) {
  const until = performance.now() + timeoutMs;
  while (!postgresAccepts()) {
    if (performance.now() > until) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
    await sleep(200);
  }
}

function stopPostgres() {
  execSync(PG_STOP_CMD, { stdio: 'pipe' });
}

/** Starts the cluster unless it already accepts connections; synchronous so it runs on any way out. */
function ensurePostgresRunning() {
  if (postgresAccepts()) return;
  try {
    execSync(PG_START_CMD, { stdio: 'pipe' });
  } catch (error) {
    console.error(`could not start PostgreSQL (${PG_START_CMD}): ${error.stderr?.toString() || error.message}`);
  }
  for (let tries = 0; tries < 150 && !postgresAccepts(); tries += 1) spawnSync('sleep', ['0.2']);
}

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
let failed = 0;
let scenarioFailed = false;

function check(label, ok, figures) {
  if (ok) passed += 1;
  else {
    failed += 1;
    scenarioFailed = true;
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}${figures ? ` — ${figures}` : ''}`);
  return ok;
}

// FAULTS_ONLY=1,2 runs only those scenarios (by number).
const only = process.env.FAULTS_ONLY ? new Set(process.env.FAULTS_ONLY.split(',').map((item) => item.trim())) : null;

/** Runs one scenario; on any failure shows what the instances it used wrote. */
async function scenario(title, body) {
  if (only && !only.has(title.split('.')[0])) return;
  console.log(`\n# ${title}`);
  scenarioFailed = false;
  const involved = [];
  try {
    await body((instance) => (involved.push(instance), instance));
  } catch (error) {
    check(`${title}: ran to the end`, false, error.stack ?? String(error));
  }
  if (scenarioFailed) {
    for (const instance of involved) {
      console.log(
        `--- output of instance ${instance.name} (pid ${instance.pid}) ---\n${instance.output() || '(nothing)'}\n--- end of ${instance.name} ---`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The app

const fake = await startFakeVonage();

function environment(extra = {}) {
  return {
    NODE_ENV: 'production',
    DATABASE_URL,
    VOIP_TOOLS_WEBHOOK_KEY: WEBHOOK_KEY,
    JWT_SECRET: 'faults-jwt-secret-0123456789abcdef0123456789abcdef',
    SMS_PROVIDER: 'vonage',
    VONAGE_API_KEY: 'faults-api-key',
    VONAGE_API_SECRET: 'faults-api-secret',
    VONAGE_FROM: 'VoiceCRM',
    VONAGE_REST_HOST: fake.url,
    SMS_TIMEOUT_MS: '5000',
    SMS_LEASE_MS: '3000',
    SMS_OUTBOX_POLL_MS: '200',
    SMS_RETRY_BASE_MS: '1000',
    SMS_MAX_PER_CALL: '10',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

const tool = (instance, fn, args, callId, timeoutMs = 15_000) =>
  send(instance.url, 'POST', '/api/webhooks/ai-tools', {
    headers: { authorization: `Bearer ${WEBHOOK_KEY}` },
    body: { function: fn, args, call_id: callId, tenant_id: TENANT },
    timeoutMs,
  });

const smsRows = (callId) => sql(`SELECT * FROM sms_messages WHERE "callId" = $1 ORDER BY "createdAt"`, [callId]);

/** Polls `read` until `done` holds or time runs out; the last value either way. */
async function eventually(read, done, timeoutMs, everyMs = 100) {
  const started = performance.now();
  for (;;) {
    let value;
    try {
      value = await read();
    } catch (error) {
      value = { error: error.message };
    }
    if (done(value)) return { ok: true, value, ms: Math.round(performance.now() - started) };
    if (performance.now() - started > timeoutMs)
      return { ok: false, value, ms: Math.round(performance.now() - started) };
    await sleep(everyMs);
  }
}

/** What a caller may hear: one or two short sentences, nothing technical. */
function speakable(message) {
  if (typeof message !== 'string' || message.trim().length === 0 || message.length > 320) return false;
  if (/[{}[\]<>]|\b(stack trace|exception|undefined|null|NaN)\b|Error:|\bat \w+ \(|\n/i.test(message)) return false;
  return /^[A-Z].*[.!?]$/.test(message) && message.split(/(?<=[.!?])\s+/).length <= 2;
}

const short = (answer) =>
  answer.error ? `no answer: ${answer.error}` : `HTTP ${answer.status} ${answer.text.slice(0, 300)}`;

// ---------------------------------------------------------------------------------------------
// The scenarios

const instances = {};

async function killedMidSend(use) {
  await recreateDatabase();
  fake.mode = 'hang';
  const env = environment();
  instances.A = use(await startInstance('A', env));
  instances.B = use(await startInstance('B', env));
  const { A, B } = instances;
  console.log(`instances A (pid ${A.pid}) and B (pid ${B.pid}) share ${DATABASE_NAME}; the provider hangs`);

  const text = 'Fault check: the instance sending this text is killed mid-send.';
  const answerToA = tool(A, 'send_sms', { to_phone: PHONE, message: text }, 'faults-killed');
  const hung = await fake.waitForRequest((request) => request.text === text);
  A.child.kill('SIGKILL');
  const killedAt = performance.now();
  const exitOfA = await A.exited;
  fake.mode = 'accept';
  const lostAnswer = await answerToA;
  check(
    'A is killed (SIGKILL) while its provider request hangs',
    exitOfA.signal === 'SIGKILL' && Boolean(lostAnswer.error),
    `signal ${exitOfA.signal}; the caller's request to A: ${short(lostAnswer)}`,
  );

  const delivered = await eventually(
    () => smsRows('faults-killed'),
    (rows) => rows.length === 1 && rows[0].status === 'sent',
    15_000,
  );
  const rowSentMs = Math.round(performance.now() - killedAt);
  const row = delivered.value[0] ?? {};
  const acceptedForRow = fake.accepted.filter((sms) => sms.clientRef === row.id);
  const requestsForRow = fake.requests.filter((request) => request.clientRef === row.id);
  const deliveryMs = acceptedForRow[0] ? Math.round(acceptedForRow[0].at - killedAt) : NaN;
  check(
    "B's worker sends the text once A's lease lapses",
    delivered.ok,
    `kill → provider accepted: ${deliveryMs} ms; kill → row seen sent: ~${rowSentMs} ms; lease ${env.SMS_LEASE_MS} ms, poll ${env.SMS_OUTBOX_POLL_MS} ms; rows ${JSON.stringify(delivered.value.map?.((sms) => ({ status: sms.status, attempts: sms.attempts })) ?? delivered.value)}`,
  );
  check(
    'the row is sent, attempts = 2, lease released, provider message id recorded',
    delivered.value.length === 1 &&
      row.status === 'sent' &&
      row.attempts === 2 &&
      row.leaseOwner === null &&
      row.leaseExpiresAt === null &&
      Boolean(row.providerMessageId) &&
      row.providerMessageId === acceptedForRow[0]?.messageId,
    `status ${row.status}, attempts ${row.attempts}, leaseOwner ${row.leaseOwner}, providerMessageId ${row.providerMessageId}`,
  );
  check(
    'the provider accepted it exactly once (the hung request never completed)',
    acceptedForRow.length === 1 && requestsForRow.length === 2 && hung.clientRef === row.id,
    `requests for the row: ${requestsForRow.length} (${requestsForRow.map((request) => request.mode).join(', ')}), accepted: ${acceptedForRow.length}`,
  );
  check('B is still running', B.running());
}

async function sigtermDrains(use) {
  const instance = use(instances.B?.running() ? instances.B : await startInstance('B2', environment()));
  fake.mode = 'slow';
  fake.slowMs = 1500;
  console.log(`instance ${instance.name} (pid ${instance.pid}); the provider answers after ${fake.slowMs} ms`);

  const text = 'Fault check: sent while the instance drains.';
  const inFlight = tool(instance, 'send_sms', { to_phone: PHONE, message: text }, 'faults-drain');
  await fake.waitForRequest((request) => request.text === text);
  instance.child.kill('SIGTERM');
  const signalledAt = performance.now();
  await sleep(300);
  const late = await tool(
    instance,
    'create_lead',
    { first_name: 'Late', phone: '+17865550177' },
    'faults-drain-late',
    5000,
  );
  const answer = await inFlight;
  const answeredMs = Math.round(performance.now() - signalledAt);
  const exit = await Promise.race([instance.exited, sleep(10_000).then(() => null)]);
  fake.mode = 'accept';

  check(
    'the in-flight send_sms is answered 200 "sent" after SIGTERM',
    answer.status === 200 && answer.json?.status === 'sent',
    `${short(answer)}; answered ~${answeredMs} ms after the signal`,
  );
  const rows = await smsRows('faults-drain');
  const acceptedForRow = fake.accepted.filter((sms) => sms.clientRef === rows[0]?.id);
  check(
    'its row is sent, once, and the provider accepted it once',
    rows.length === 1 &&
      rows[0].status === 'sent' &&
      rows[0].attempts === 1 &&
      rows[0].leaseOwner === null &&
      acceptedForRow.length === 1,
    `rows ${JSON.stringify(rows.map((sms) => ({ status: sms.status, attempts: sms.attempts, leaseOwner: sms.leaseOwner })))}, accepted ${acceptedForRow.length}`,
  );
  const toolCalls = await sql(`SELECT function_name, status, "httpStatus" FROM tool_calls WHERE "callId" = $1`, [
    'faults-drain',
  ]);
  check(
    'a tool_calls row records the call',
    toolCalls.length === 1 && toolCalls[0].function_name === 'send_sms' && toolCalls[0].status === 'sent',
    JSON.stringify(toolCalls),
  );
  const lateLeads = await sql(`SELECT id FROM leads WHERE "callId" = $1`, ['faults-drain-late']);
  check(
    'a request 300 ms after the signal is refused, and does nothing',
    ['ECONNREFUSED', 'ECONNRESET'].includes(late.error) && lateLeads.length === 0,
    `${short(late)}; leads for it: ${lateLeads.length}`,
  );
  check(
    'the process exits with code 0 within 5 s of SIGTERM',
    exit !== null && exit.code === 0 && exit.at - signalledAt < 5000,
    exit === null
      ? 'still running after 10 s'
      : `code ${exit.code}, signal ${exit.signal}, ${Math.round(exit.at - signalledAt)} ms after the signal`,
  );
  if (instance.running()) instance.child.kill('SIGKILL');
}

async function sigtermDuringWorkerRound(use) {
  fake.mode = 'http500';
  const instance = use(await startInstance('C', environment()));
  console.log(`instance C (pid ${instance.pid}); the provider fails (HTTP 500), then answers after ${fake.slowMs} ms`);

  const text = 'Fault check: retried by the worker while the instance stops.';
  const first = await tool(instance, 'send_sms', { to_phone: PHONE, message: text }, 'faults-worker-drain');
  const [queued] = await smsRows('faults-worker-drain');
  check(
    'the first attempt fails (HTTP 500) and the text is queued',
    first.status === 200 && first.json?.status === 'failed' && queued?.status === 'queued' && queued?.attempts === 1,
    `${short(first)}; row ${queued?.status}, attempts ${queued?.attempts}`,
  );
  fake.mode = 'slow';
  fake.slowMs = 1500;
  const retry = await fake.waitForRequest((request) => request.text === text && request.mode === 'slow');
  instance.child.kill('SIGTERM');
  const signalledAt = performance.now();
  await sleep(300);
  const late = await tool(
    instance,
    'create_lead',
    { first_name: 'Later', phone: '+17865550178' },
    'faults-worker-late',
    5000,
  );
  const exit = await Promise.race([instance.exited, sleep(10_000).then(() => null)]);
  fake.mode = 'accept';

  const rows = await smsRows('faults-worker-drain');
  const acceptedForRow = fake.accepted.filter((sms) => sms.clientRef === rows[0]?.id);
  check(
    "the worker's round in progress ends before the process does: row sent, attempts 2, lease released, accepted once",
    rows.length === 1 &&
      rows[0].status === 'sent' &&
      rows[0].attempts === 2 &&
      rows[0].leaseOwner === null &&
      acceptedForRow.length === 1 &&
      retry.clientRef === rows[0].id,
    `rows ${JSON.stringify(rows.map((sms) => ({ status: sms.status, attempts: sms.attempts, leaseOwner: sms.leaseOwner })))}, accepted ${acceptedForRow.length}`,
  );
  const lateLeads = await sql(`SELECT id FROM leads WHERE "callId" = $1`, ['faults-worker-late']);
  const refused = ['ECONNREFUSED', 'ECONNRESET'].includes(late.error) && lateLeads.length === 0;
  const served = late.status === 200 && late.json?.status === 'created' && lateLeads.length === 1;
  check(
    'a request 300 ms after the signal is either refused or served in full, never dropped half-way',
    refused || served,
    `${refused ? 'refused' : served ? 'served' : 'neither'}: ${short(late)}; leads for it: ${lateLeads.length}`,
  );
  check(
    'the process exits within 5 s of SIGTERM',
    exit !== null && exit.at - signalledAt < 5000,
    exit === null
      ? 'still running after 10 s'
      : `code ${exit.code}, signal ${exit.signal}, ${Math.round(exit.at - signalledAt)} ms after the signal`,
  );
  if (instance.running()) instance.child.kill('SIGKILL');
}

async function databaseStopped(use) {
  fake.mode = 'accept';
  const instance = use(await startInstance('D', environment()));
  const before = await send(instance.url, 'GET', '/health/ready');
  check('before: /health/ready answers 200', before.status === 200, short(before));

  let down;
  let readyDown;
  let liveDown;
  let aliveWhileDown;
  try {
    stopPostgres();
    console.log(`PostgreSQL stopped (${PG_STOP_CMD}); pg_isready: ${postgresAccepts() ? 'accepting' : 'no'}`);
    down = await tool(instance, 'create_lead', { first_name: 'Down', phone: '+17865550188' }, 'faults-db-down', 10_000);
    readyDown = await send(instance.url, 'GET', '/health/ready', { timeoutMs: 10_000 });
    liveDown = await send(instance.url, 'GET', '/health/live', { timeoutMs: 10_000 });
    // Some outbox polls and pool errors go by before the process is judged alive.
    await sleep(2000);
    aliveWhileDown = instance.running();
  } finally {
    ensurePostgresRunning();
  }
  const restartedAt = performance.now();
  await waitForPostgres();
  console.log(
    `PostgreSQL started again (${PG_START_CMD}), accepting after ${Math.round(performance.now() - restartedAt)} ms`,
  );

  check(
    'database down: create_lead answers 500 {status:"error", message:<a sentence>} within 2000 ms',
    down.status === 500 &&
      down.json?.status === 'error' &&
      speakable(down.json?.message) &&
      !/\n\s+at |stack/i.test(down.text) &&
      down.ms < 2000,
    `${down.ms} ms, ${short(down)}`,
  );
  check(
    'database down: /health/ready answers 503 within 2000 ms',
    readyDown.status === 503 && readyDown.ms < 2000,
    `${readyDown.ms} ms, ${short(readyDown)}`,
  );
  check('database down: /health/live answers 200', liveDown.status === 200, `${liveDown.ms} ms, ${short(liveDown)}`);
  check('database down: the process stays up', aliveWhileDown === true);

  const ready = await eventually(
    () => send(instance.url, 'GET', '/health/ready', { timeoutMs: 3000 }),
    (answer) => answer.status === 200,
    20_000,
    250,
  );
  check(
    'database back: /health/ready answers 200 without a restart',
    ready.ok,
    `after ${ready.ms} ms; ${short(ready.value)}`,
  );
  const created = await tool(instance, 'create_lead', { first_name: 'Back', phone: '+17865550189' }, 'faults-db-back');
  const leads = created.json?.lead_id
    ? await sql(`SELECT "firstName", phone, "callId", "tenantId" FROM leads WHERE id = $1`, [created.json.lead_id])
    : [];
  check(
    'database back: create_lead answers 200 "created" and the lead is stored',
    created.status === 200 &&
      created.json?.status === 'created' &&
      leads.length === 1 &&
      leads[0].callId === 'faults-db-back' &&
      leads[0].phone === '+17865550189',
    `${created.ms} ms, ${short(created)}; row ${JSON.stringify(leads[0] ?? null)}`,
  );
  const downLeads = await sql(`SELECT id FROM leads WHERE "callId" = $1`, ['faults-db-down']);
  check('the call made while the database was down stored no lead', downLeads.length === 0, `${downLeads.length} rows`);
  check('the same process served throughout', instance.running(), `pid ${instance.pid}`);
}

async function redeliveredAfterCrash(use) {
  await recreateDatabase();
  fake.mode = 'hang';
  // A short deadline lets the abandoned-claim timeout be short and still well above it.
  const env = environment({ WEBHOOK_DEADLINE_MS: '2000', TOOL_CALL_ABANDONED_AFTER_MS: '10000' });
  const abandonedAfterMs = Number(env.TOOL_CALL_ABANDONED_AFTER_MS);
  const first = use(await startInstance('E', env));
  console.log(`instance E (pid ${first.pid}); the provider hangs`);

  const callId = 'faults-redelivered';
  const text = 'Fault check: the platform re-delivers this call after the instance died.';
  const args = { to_phone: PHONE, message: text };
  const lost = tool(first, 'send_sms', args, callId);
  const claimedAt = performance.now();
  await fake.waitForRequest((request) => request.text === text);
  first.child.kill('SIGKILL');
  const exit = await first.exited;
  const lostAnswer = await lost;
  fake.mode = 'accept';
  check(
    'E is killed (SIGKILL) while its provider request hangs, before answering',
    exit.signal === 'SIGKILL' && Boolean(lostAnswer.error),
    `signal ${exit.signal}; the caller's request to E: ${short(lostAnswer)}`,
  );

  const second = use(await startInstance('E2', env));
  console.log(`instance E2 (pid ${second.pid}) started on the same database; the provider accepts`);
  const early = await tool(second, 'send_sms', args, callId);
  const rowsAfterEarly = await smsRows(callId);
  check(
    'a re-delivery while the dead claim is still fresh hears "still working" and makes no second text',
    early.status === 200 && early.json?.status === 'noted' && rowsAfterEarly.length === 1,
    `${short(early)}; rows ${rowsAfterEarly.length}`,
  );

  const delivered = await eventually(
    () => smsRows(callId),
    (rows) => rows.length === 1 && rows[0].status === 'sent',
    15_000,
  );
  check(
    "E2's outbox sends the text E left mid-send",
    delivered.ok,
    `rows ${JSON.stringify(delivered.value.map?.((sms) => ({ status: sms.status, attempts: sms.attempts })) ?? delivered.value)}`,
  );

  await sleep(Math.max(0, claimedAt + abandonedAfterMs + 500 - performance.now()));
  const again = await tool(second, 'send_sms', args, callId);
  const rows = await smsRows(callId);
  const row = rows[0] ?? {};
  check(
    'the re-delivery after the claim is abandoned answers 200 "sent" with the first text\'s id',
    again.status === 200 &&
      again.json?.status === 'sent' &&
      speakable(again.json?.message) &&
      again.json?.sms_id === row.id,
    `${again.ms} ms, ${short(again)}`,
  );
  const acceptedForText = fake.accepted.filter((sms) => sms.text === text);
  const requestsForText = fake.requests.filter((request) => request.text === text);
  check(
    'one row, and the provider accepted the text exactly once',
    rows.length === 1 && acceptedForText.length === 1 && acceptedForText[0].clientRef === row.id,
    `rows ${rows.length}; requests ${requestsForText.length} (${requestsForText.map((request) => request.mode).join(', ')}), accepted ${acceptedForText.length}`,
  );
  const logged = await sql(`SELECT status, error FROM tool_calls WHERE "callId" = $1 ORDER BY "createdAt"`, [callId]);
  const fingerprints = await sql(`SELECT "httpStatus" FROM tool_call_fingerprints WHERE "callId" = $1`, [callId]);
  check(
    'the log says the re-delivery took over from the dead one, and its answer is kept for later copies',
    logged.some((call) => call.status === 'sent' && /took over from the delivery/.test(call.error ?? '')) &&
      fingerprints.length === 1 &&
      fingerprints[0].httpStatus === 200,
    `tool_calls ${JSON.stringify(logged)}; fingerprints ${JSON.stringify(fingerprints)}`,
  );
  second.child.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------------

function cleanUp() {
  killAll();
  ensurePostgresRunning();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the instances, making sure PostgreSQL runs`);
    cleanUp();
    process.exit(130);
  });
}
process.on('exit', killAll);

try {
  ensurePostgresRunning();
  await waitForPostgres();
  console.log(`voice-crm fault checks on ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')} (fake Vonage at ${fake.url})`);
  await scenario('1. an instance is killed mid-send; another finishes the job', killedMidSend);
  await scenario('2. SIGTERM drains in-flight requests and exits cleanly', sigtermDrains);
  await scenario('3. SIGTERM while the outbox worker is sending: the round finishes first', sigtermDuringWorkerRound);
  await scenario('4. PostgreSQL stopped and started again under a running instance', databaseStopped);
  await scenario('5. a tool call re-delivered after its instance was killed runs once', redeliveredAfterCrash);
} finally {
  cleanUp();
  await fake.close();
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
