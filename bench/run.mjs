// Load benchmark of the tools webhook (`npm run bench`).
//
// It measures the built app (dist/) as a real process on loopback, against a bare node:http
// server that answers the same kind of JSON: the ratio between the two tells how much of the
// machine's HTTP capacity the whole Nest + validation + database pipeline keeps, which is
// comparable across machines where absolute req/s is not.
//
// Then the fairness scenario: tenant B's latency with the app idle, and while tenant A floods it
// with wide bodies (args of 10,500 keys, about 94 kB) over 4 connections, then with ordinary
// calls over 32 connections, in the same run.
//
// Env: BENCH_SECONDS (measured seconds per target, default 10); BENCH_ONLY=fairness (only the
// fairness scenario); BENCH_FAIRNESS_SECONDS (measured seconds per fairness phase, default 10);
// BENCH_APP_ENTRY (another build's main.js, e.g. the base commit's, to compare).
// Exit code: 0 whatever the figures say; 1 only when the bench itself could not run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import {
  benchError,
  children,
  HOST,
  positiveNumber,
  sleep,
  spawnNode,
  startBuiltApp,
  STARTUP_TIMEOUT_MS,
  stopChild,
  WEBHOOK_PATH,
  weekdayAhead,
} from './support.mjs';

const BENCH_KEY = 'csk_live_bench_0123456789abcdef0123456789abcdef';
const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef0123456789abcdef';
const ADMIN = { email: 'bench-admin@example.com', password: 'Bench-Admin-Passw0rd!' };
const TENANT = 'bench-tenant';
const POLICY = { policyNumber: 'BENCH-100200', status: 'active', firstName: 'Ana', lastName: 'Lopez' };

const CONNECTIONS = 20;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = positiveNumber(process.env.BENCH_SECONDS, 10);

// The target's acceptance criteria (create_lead against the bare ceiling).
const TARGET_TOOL = 'create_lead';
const MIN_RATIO = 0.12;
const MAX_P99_MS = 40;

// The ceiling: the least a Node HTTP server can do for the same exchange (drain the JSON body,
// answer a tool-shaped JSON). Inline so the bench stays one file; it reports its port on stdout.
const BARE_SERVER_SOURCE = `
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST') { res.writeHead(405).end(); return; }
    const body = JSON.stringify({
      status: 'created',
      message: "I've saved your details, Ana. Someone from our team will be in touch soon.",
      lead_id: randomUUID(),
    });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('BARE_LISTENING ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function startBareServer() {
  const child = spawnNode('bare server', ['-e', BARE_SERVER_SOURCE], { PATH: process.env.PATH });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(benchError(`the bare server did not start in 10 s:\n${child.outputTail()}`)),
      10_000,
    );
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = /BARE_LISTENING (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(benchError(`the bare server exited (code ${code}):\n${child.outputTail()}`));
    });
  });
  return { child, url: `http://${HOST}:${port}` };
}

async function startApp(dataDir) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SQLITE_PATH: join(dataDir, 'crm.sqlite'),
    VOIP_TOOLS_WEBHOOK_KEY: BENCH_KEY,
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMS_PROVIDER: 'log',
    LOG_LEVEL: 'warn',
    // The bench is one tenant's flood by design: measure the pipeline, not the abuse limits.
    WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
    SMS_MAX_PER_TENANT_HOUR: '1000000',
    SMS_MAX_PER_PLATFORM_HOUR: '10000000',
  };
  // The embedded SQLite database is what is measured, whatever the caller's shell has set.
  delete env.DATABASE_URL;
  return startBuiltApp(env, ' (or use `npm run bench`)', process.env.BENCH_APP_ENTRY);
}

async function post(appUrl, path, body, headers = {}) {
  const res = await fetch(appUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function staffToken(appUrl) {
  const { access_token: token } = await post(appUrl, '/api/auth/login', ADMIN);
  if (!token) throw new Error('login answered without access_token');
  return token;
}

/** Creates one policy through the staff API so that the lookup exercises the found path. */
async function seedPolicy(appUrl) {
  const token = await staffToken(appUrl);
  await post(appUrl, `/api/policies?tenant_id=${TENANT}`, POLICY, { authorization: `Bearer ${token}` });
}

// ---------------------------------------------------------------------------------------------
// Load.

/**
 * One autocannon run. Each request gets its own call_id (a counter, cheap) like distinct calls
 * would, and every answer's `status` field is tallied: a 200 that says "error" is a tool
 * refusing its args, which would otherwise pass for a fast success.
 */
function load({ url, fn, args, argsFor, seconds, counter, tally }) {
  const request = {
    method: 'POST',
    path: WEBHOOK_PATH,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    setupRequest: (req) => {
      const n = ++counter.n;
      req.body = JSON.stringify({
        function: fn,
        args: argsFor ? argsFor(n) : args,
        call_id: `bench-${fn}-${n}`,
        tenant_id: TENANT,
      });
      return req;
    },
    onResponse: (status, body) => {
      const m = /"status"\s*:\s*"([^"]*)"/.exec(body ?? '');
      const key = m ? m[1] : `HTTP ${status}, no status field`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    },
  };
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, timeout: 10, requests: [request] },
      (err, result) => (err ? reject(err) : resolveRun(result)),
    );
    // Failed requests are already counted in the result; an unhandled 'error' event would
    // instead throw and abort the whole bench.
    instance.on('error', () => {});
  });
}

async function probe(url, fn, args) {
  const res = await fetch(url + WEBHOOK_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    body: JSON.stringify({ function: fn, args, call_id: `bench-probe-${fn}`, tenant_id: TENANT }),
    signal: AbortSignal.timeout(10_000),
  });
  return `${res.status} ${(await res.text()).slice(0, 200)}`;
}

async function measure(target, appChild) {
  const counter = { n: 0 };
  process.stdout.write(`  ${target.name.padEnd(32)} warm-up ${WARMUP_SECONDS} s, `);
  await load({ ...target, seconds: WARMUP_SECONDS, counter, tally: new Map() });
  process.stdout.write(`measuring ${MEASURE_SECONDS} s … `);
  const tally = new Map();
  const result = await load({ ...target, seconds: MEASURE_SECONDS, counter, tally });
  // A crash under load shows up as connection errors; say so plainly rather than print figures.
  if (appChild && (appChild.exitCode !== null || appChild.signalCode !== null)) {
    throw benchError(`the app died during the ${target.name} run. Its output:\n${appChild.outputTail()}`);
  }
  const codes = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${count}×${code}`);
  console.log(
    `${Math.round(result.requests.average)} req/s` +
      (result.non2xx ? `  — ${result.non2xx} non-2xx (${codes.join(', ')})` : '') +
      (result.errors ? `  — ${result.errors} errors (${result.timeouts} timeouts)` : ''),
  );
  return { ...target, result, tally };
}

// ---------------------------------------------------------------------------------------------
// Report.

function formatAnswers(tally) {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '-';
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => (count === total ? status : `${status} ${((100 * count) / total).toFixed(1)}%`))
    .join(', ');
}

function printTable(rows, bareRps) {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', '% of bare', 'answers (status field)'];
  const body = rows.map(({ name, result, tally }) => [
    name,
    result.requests.average.toFixed(0),
    String(result.latency.p50),
    String(result.latency.p99),
    String(result.non2xx),
    result.errors ? `${result.errors} (${result.timeouts} t/o)` : '0',
    bareRps > 0 ? `${((100 * result.requests.average) / bareRps).toFixed(1)}%` : '-',
    formatAnswers(tally),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}

function printVerdict(rows, bareRps) {
  const row = rows.find((r) => r.fn === TARGET_TOOL && r.url !== rows[0].url);
  if (!row) {
    console.log(`verdict: ${TARGET_TOOL} was not measured`);
    return;
  }
  const ratio = row.result.requests.average / bareRps;
  const p99 = row.result.latency.p99;
  const otherAnswers = [...row.tally.entries()].filter(([s]) => s !== 'created').reduce((a, [, n]) => a + n, 0);
  console.log(`verdict for ${TARGET_TOOL}:`);
  console.log(
    `  throughput ${(100 * ratio).toFixed(1)}% of bare (need >= ${100 * MIN_RATIO}%): ${ratio >= MIN_RATIO ? 'PASS' : 'FAIL'}`,
  );
  console.log(`  p99 latency ${p99} ms (need < ${MAX_P99_MS} ms): ${p99 < MAX_P99_MS ? 'PASS' : 'FAIL'}`);
  // The criteria only mean something if the requests did the real work.
  if (row.result.non2xx || row.result.errors || otherAnswers) {
    console.log(
      `  WARNING: the ${TARGET_TOOL} run is not clean (${row.result.non2xx} non-2xx, ${row.result.errors} errors, ` +
        `${otherAnswers} answers other than "created"); the figures above do not measure lead creation.`,
    );
  }
}

function printMachine() {
  const cpus = os.cpus();
  console.log(`date:    ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
  );
  console.log(`node:    ${process.version}`);
  console.log(
    `load:    ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up (not counted) + ${MEASURE_SECONDS} s measured per target, loopback only`,
  );
}

// ---------------------------------------------------------------------------------------------

/** The n-th weekday (UTC) from ten days ahead: appointments need a free time each. */
const weekdays = [];
function nthWeekdayAhead(n) {
  for (let day = weekdays.length === 0 ? 10 : weekdays.at(-1).offset + 1; weekdays.length <= n; day += 1) {
    const date = new Date(Date.now() + day * 86_400_000);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6)
      weekdays.push({ offset: day, iso: date.toISOString().slice(0, 10) });
  }
  return weekdays[n].iso;
}
// 9:00 to 16:30, every 30 minutes: the default business hours (the bench tenant's zone is UTC).
const SLOTS_PER_DAY = 16;

// Each call is a new caller (create_lead) or a new free time (schedule_appointment), so that the
// bench measures the work of a first call, not a returning caller's update or a taken time's offer.
const TOOL_TARGETS = (policySeeded) => [
  {
    name: 'create_lead',
    fn: 'create_lead',
    args: {
      first_name: 'Ana',
      last_name: 'Lopez',
      phone: '+17865550198',
      email: 'ana.lopez@example.com',
      interest: 'home insurance quote',
    },
    argsFor: (n) => ({
      first_name: 'Ana',
      last_name: 'Lopez',
      phone: `+1786${2000000 + n}`,
      email: `ana.lopez.${n}@example.com`,
      interest: 'home insurance quote',
    }),
  },
  {
    name: 'leave_message',
    fn: 'leave_message',
    args: {
      caller_name: 'Ana Lopez',
      caller_phone: '+17865550198',
      message: 'Please call me back about my claim, it is about the water damage.',
      urgent: true,
    },
  },
  {
    name: 'schedule_appointment',
    fn: 'schedule_appointment',
    args: {
      caller_name: 'Ana Lopez',
      phone: '+17865550198',
      date: weekdayAhead(10),
      time: '10:00',
      purpose: 'review my home policy',
    },
    argsFor: (n) => {
      const minutes = 9 * 60 + (n % SLOTS_PER_DAY) * 30;
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      return {
        caller_name: 'Ana Lopez',
        phone: '+17865550198',
        date: nthWeekdayAhead(Math.floor(n / SLOTS_PER_DAY)),
        time,
        purpose: 'review my home policy',
      };
    },
  },
  policySeeded
    ? {
        name: 'check_policy_status (found)',
        fn: 'check_policy_status',
        args: { policy_number: POLICY.policyNumber, last_name: POLICY.lastName },
      }
    : { name: 'check_policy_status (not_found)', fn: 'check_policy_status', args: { policy_number: 'BENCH-404404' } },
  {
    name: 'send_sms (log provider)',
    fn: 'send_sms',
    args: {
      to_phone: '+17865550198',
      message: 'Hi Ana, this is the office address you asked for: 100 Main St, Miami.',
      purpose: 'address',
    },
  },
  { name: 'unknown function (noted)', fn: 'book_flight', args: { destination: 'Madrid' } },
];

// ---------------------------------------------------------------------------------------------
// Fairness: tenant B's latency, idle and while tenant A floods the app with wide bodies.

const FLOODER = 'bench-flooder';
const BYSTANDER = 'bench-bystander';
const FLOOD_CONNECTIONS = 4;
const ORDINARY_FLOOD_CONNECTIONS = 32;
const WIDE_KEYS = 10_500;
const FAIRNESS_SECONDS = positiveNumber(process.env.BENCH_FAIRNESS_SECONDS, 10);

/** What the attack review sent: a leave_message whose args have 10,500 keys (about 94 kB). */
function wideBody() {
  const args = { caller_name: 'Ana Lopez', caller_phone: '+17865550198', message: 'Please call me back.' };
  for (let i = 0; i < WIDE_KEYS; i++) args[`k${i.toString(36)}`] = 0;
  return JSON.stringify({ function: 'leave_message', args });
}

/** A tenant and a webhook key of its own, made through the staff API. */
async function tenantKey(appUrl, token, platformTenantId) {
  const auth = { authorization: `Bearer ${token}` };
  try {
    await post(appUrl, '/api/tenants', { name: platformTenantId, platformTenantId }, auth);
  } catch (err) {
    if (!/→ 409/.test(err.message)) throw err;
  }
  const { key } = await post(appUrl, `/api/webhook-keys?tenant_id=${platformTenantId}`, { name: 'bench' }, auth);
  if (!key) throw new Error('making a webhook key answered without the key');
  return key;
}

function tenantLoad({ url, key, body, connections, seconds, tally }) {
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: WEBHOOK_PATH,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body,
            onResponse: (status, responseBody) => {
              const m = /"status"\s*:\s*"([^"]*)"/.exec(responseBody ?? '');
              const answer = `${status} ${m ? m[1] : '-'}`;
              tally.set(answer, (tally.get(answer) ?? 0) + 1);
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolveRun(result)),
    );
    instance.on('error', () => {});
  });
}

async function fairness(app) {
  const token = await staffToken(app.url);
  const floodKey = await tenantKey(app.url, token, FLOODER);
  const bystanderKey = await tenantKey(app.url, token, BYSTANDER);
  const bystander = {
    url: app.url,
    key: bystanderKey,
    body: JSON.stringify({ function: 'check_policy_status', args: { policy_number: 'BENCH-404404' } }),
    connections: 1,
    seconds: FAIRNESS_SECONDS,
  };
  const wide = wideBody();
  // Two floods from tenant A: the attack review's wide bodies (the cost of one call), and
  // ordinary calls on many connections (the number of calls in hand at once).
  const floods = [
    {
      name: "A's wide bodies",
      body: wide,
      connections: FLOOD_CONNECTIONS,
      what: `leave_message with ${WIDE_KEYS} args keys (${(wide.length / 1000).toFixed(0)} kB) on ${FLOOD_CONNECTIONS} connections`,
    },
    {
      name: "A's ordinary calls",
      body: JSON.stringify({
        function: 'leave_message',
        args: { caller_name: 'Ana Lopez', caller_phone: '+17865550198', message: 'Please call me back.' },
      }),
      connections: ORDINARY_FLOOD_CONNECTIONS,
      what: `an ordinary leave_message on ${ORDINARY_FLOOD_CONNECTIONS} connections`,
    },
  ];
  console.log(
    `\nfairness: tenant B sends check_policy_status on 1 connection, ${FAIRNESS_SECONDS} s idle, then ${FAIRNESS_SECONDS} s ` +
      `while tenant A floods the app, with:\n${floods.map((f) => `  - ${f.what}`).join('\n')}`,
  );
  // Warm-up, not counted.
  await tenantLoad({ ...bystander, seconds: 2, tally: new Map() });
  const idleTally = new Map();
  const idle = await tenantLoad({ ...bystander, tally: idleTally });
  const rows = [['tenant B, idle', idle, idleTally]];
  for (const flood of floods) {
    const floodTally = new Map();
    const running = tenantLoad({
      url: app.url,
      key: floodKey,
      body: flood.body,
      connections: flood.connections,
      seconds: FAIRNESS_SECONDS + 2,
      tally: floodTally,
    });
    await sleep(1000);
    const underTally = new Map();
    const under = await tenantLoad({ ...bystander, tally: underTally });
    const flooded = await running;
    if (app.child.exitCode !== null || app.child.signalCode !== null)
      throw benchError(`the app died during the fairness run. Its output:\n${app.child.outputTail()}`);
    rows.push([`tenant B, under ${flood.name}`, under, underTally], [`  ${flood.name}`, flooded, floodTally]);
    // Let the flood's last answers drain before the next phase.
    await sleep(2000);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  const line = (name, result, tally) =>
    `  ${name.padEnd(width)} ${String(result.latency.p50).padStart(6)} ${String(result.latency.p99).padStart(7)} ` +
    `${result.requests.average.toFixed(0).padStart(7)}  ${formatAnswers(tally)}`;
  console.log(
    `  ${'who'.padEnd(width)} ${'p50 ms'.padStart(6)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)}  answers`,
  );
  for (const row of rows) console.log(line(...row));
}

let dataDir;
let cleaningUp;

async function cleanup() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map(stopChild));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    cleanup().finally(() => process.exit(130));
  });
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== '' && only !== 'fairness')
    throw benchError(`BENCH_ONLY=${only}: the only scenario that runs alone is "fairness"`);
  printMachine();
  // Bounded in time: startup + every run + slack; a hang anywhere ends the bench, not the CI job.
  const budgetMs =
    STARTUP_TIMEOUT_MS +
    7 * (WARMUP_SECONDS + MEASURE_SECONDS + 15) * 1000 +
    (5 * FAIRNESS_SECONDS + 40) * 1000 +
    60_000;
  const watchdog = setTimeout(() => {
    console.error(`bench: gave up after ${Math.round(budgetMs / 1000)} s`);
    cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  dataDir = mkdtempSync(join(os.tmpdir(), 'voice-crm-bench-'));
  const bare = only ? null : await startBareServer();
  const app = await startApp(dataDir);
  console.log(`app:     started in ${app.startupMs} ms (SQLite file, NODE_ENV=production, SMS_PROVIDER=log)`);
  if (only) {
    await fairness(app);
    return;
  }

  let policySeeded = false;
  try {
    await seedPolicy(app.url);
    policySeeded = true;
  } catch (err) {
    console.log(
      `note:    could not seed a policy through the staff API (${err.message}); check_policy_status measures a not_found lookup`,
    );
  }

  const targets = [
    { name: 'bare node:http (ceiling)', url: bare.url, fn: TARGET_TOOL, args: TOOL_TARGETS(false)[0].args },
    ...TOOL_TARGETS(policySeeded).map((t) => ({ ...t, url: app.url })),
  ];

  // One request per tool first, so a tool that refuses its args is seen before its figures are.
  console.log('\nsample answers:');
  for (const t of targets.slice(1)) console.log(`  ${t.name.padEnd(32)} ${await probe(t.url, t.fn, t.args)}`);

  console.log('\nruns:');
  const rows = [];
  for (const t of targets) rows.push(await measure(t, t.url === app.url ? app.child : null));

  const bareRps = rows[0].result.requests.average;
  console.log('');
  printTable(rows, bareRps);
  console.log('');
  printVerdict(rows, bareRps);
  const dirty = rows.filter((r) => r.result.non2xx || r.result.errors);
  if (dirty.length) console.log(`\nruns with non-2xx answers or errors: ${dirty.map((r) => r.name).join(', ')}`);
  // Last, on the grown database like the later tool rows.
  await fairness(app);
}

try {
  await main();
  await cleanup();
} catch (err) {
  // Our own start/crash errors carry the child's output and read best without a stack.
  console.error(`\nbench failed: ${err?.benchError ? err.message : (err?.stack ?? err)}`);
  await cleanup();
  process.exitCode = 1;
}
// fetch's connection pool can keep the loop alive for seconds after a refused connection;
// once everything is stopped there is nothing left to wait for.
setTimeout(() => process.exit(), 1000).unref();
