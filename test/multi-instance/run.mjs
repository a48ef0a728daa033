#!/usr/bin/env node
// Three instances of the BUILT app (`npm run build` first) on one PostgreSQL database and one
// Redis act as one:
//   a. the webhook rate limit (WEBHOOK_RATE_LIMIT_PER_MINUTE=6) holds across them: calls spread
//      round-robin, and a burst of parallel ones, get exactly the limit allowed, the rest 429,
//      and the rows agree;
//   b. a call re-delivered to another instance is replayed: the same answer, one lead, and the
//      re-delivery's log row names the first (replayOf);
//   c. the outbox sends each text once: texts whose first attempt failed are retried by the
//      three instances' outbox workers together, and each reaches the (fake) provider once;
//   d. a tenant setting changed through one instance's staff API is seen by the others on their
//      next call, with TENANT_SETTINGS_TTL_MS at its maximum (5 minutes): only the invalidation
//      through Redis explains it.
// Run from the project root: `npm run test:multi-instance`. DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/voicecrm_multi) is created if missing and its public schema
// emptied; REDIS_URL (default redis://127.0.0.1:6379) is shared with anything else on it: this
// run uses keys under a prefix of its own and deletes them at the end. Prints PASS/FAIL lines and
// "N passed, M failed"; exits 1 if any check failed. Every instance is stopped, whatever happens.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Redis } from 'ioredis';

import { killAll, send, sleep, startInstance } from '../faults/app-process.mjs';
import { startFakeVonage } from '../faults/fake-vonage.mjs';
import { emptyDatabase, query } from '../faults/postgres.mjs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/voicecrm_multi';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_KEY_PREFIX = `voicecrm-multi:${randomUUID()}:`;
const WEBHOOK_KEY = 'multi_webhook_key_0123456789abcdef012345';
const ADMIN = { email: 'multi-admin@example.com', password: 'Multi-Admin-Passw0rd!' };
const LIMIT = 6;

const DATABASE_NAME = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
if (!existsSync('dist/src/main.js')) {
  console.error('dist/src/main.js is missing: run `npm run build` first (from the project root).');
  process.exit(2);
}
if (!/^[A-Za-z0-9_]+$/.test(DATABASE_NAME)) {
  console.error(`DATABASE_URL must name a plain database (letters, digits, _), got "${DATABASE_NAME}"`);
  process.exit(2);
}

// What callers hear, from the built catalogs.
const { spokenIn } = createRequire(import.meta.url)('../../dist/src/tools-webhook/spoken/spoken-messages.js');

// ---------------------------------------------------------------------------------------------
// PostgreSQL and Redis

const sql = (text, params = []) => query(DATABASE_URL, text, params);

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });

async function deleteOwnRedisKeys() {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_KEY_PREFIX}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
let failed = 0;

function check(label, ok, figures) {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}${figures ? ` — ${figures}` : ''}`);
  return ok;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Polls `read` until `done` holds or time runs out; the last value either way. */
async function eventually(read, done, timeoutMs = 10_000, everyMs = 100) {
  const started = performance.now();
  for (;;) {
    const value = await read();
    if (done(value)) return { ok: true, value };
    if (performance.now() - started > timeoutMs) return { ok: false, value };
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The instances

const fake = await startFakeVonage();
const instances = [];

function environment() {
  return {
    NODE_ENV: 'production',
    DATABASE_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX,
    VOIP_TOOLS_WEBHOOK_KEY: WEBHOOK_KEY,
    JWT_SECRET: 'multi-jwt-secret-0123456789abcdef0123456789abcdef',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMS_PROVIDER: 'vonage',
    VONAGE_API_KEY: 'multi-api-key',
    VONAGE_API_SECRET: 'multi-api-secret',
    VONAGE_FROM: 'VoiceCRM',
    VONAGE_REST_HOST: fake.url,
    SMS_OUTBOX_POLL_MS: '100',
    SMS_RETRY_BASE_MS: '100',
    SMS_MAX_ATTEMPTS: '20',
    SMS_LEASE_MS: '5000',
    WEBHOOK_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    // The longest allowed: only the invalidation through Redis can make an instance read a tenant again.
    TENANT_SETTINGS_TTL_MS: '300000',
    LOG_LEVEL: 'warn',
  };
}

const tool = (instance, tenantId, fn, args, callId) =>
  send(instance.url, 'POST', '/api/webhooks/ai-tools', {
    headers: { authorization: `Bearer ${WEBHOOK_KEY}` },
    body: { function: fn, args, call_id: callId, tenant_id: tenantId },
  });

let token = '';
const staff = (instance, method, path, body) =>
  send(instance.url, method, path, { headers: { authorization: `Bearer ${token}` }, body });

async function stopAll() {
  await Promise.all(
    instances
      .filter((instance) => instance.running())
      .map((instance) => {
        instance.child.kill('SIGTERM');
        return Promise.race([instance.exited, sleep(10_000)]);
      }),
  );
  killAll();
}

// ---------------------------------------------------------------------------------------------
// The checks

async function rateLimit() {
  console.log(`\n# a. the webhook limit (${LIMIT} a minute) holds across three instances`);
  const tenant = 'multi-limit';
  const statuses = [];
  for (let n = 0; n < 2 * LIMIT; n += 1) {
    const answer = await tool(instances[n % 3], tenant, 'create_lead', lead(n), `limit-${n}`);
    statuses.push(answer.status);
  }
  const expected = [...Array(LIMIT).fill(200), ...Array(LIMIT).fill(429)];
  check('round-robin: exactly the limit allowed, the rest 429', same(statuses, expected), statuses.join(' '));
  const leads = await sql('SELECT count(*)::int AS n FROM leads WHERE "tenantId" = $1', [tenant]);
  check('one lead per allowed call', leads[0].n === LIMIT, `${leads[0].n} leads`);
  // The answer comes before its log row: wait for them. Each instance logs its first refusal in full.
  const logged = await eventually(
    () =>
      sql(
        `SELECT count(*) FILTER (WHERE "httpStatus" = 200)::int AS allowed,
                count(*) FILTER (WHERE "httpStatus" = 429)::int AS refused
           FROM tool_calls WHERE "tenantId" = $1`,
        [tenant],
      ).then((rows) => rows[0]),
    (row) => row.allowed === LIMIT && row.refused === 3,
  );
  check(
    'tool_calls agree: the limit answered 200, the first refusal of each instance logged 429',
    logged.ok,
    JSON.stringify(logged.value),
  );

  const burstTenant = 'multi-burst';
  const burst = await Promise.all(
    Array.from({ length: 3 * LIMIT }, (_, n) =>
      tool(instances[n % 3], burstTenant, 'create_lead', lead(100 + n), `burst-${n}`),
    ),
  );
  const allowed = burst.filter((answer) => answer.status === 200).length;
  const refused = burst.filter((answer) => answer.status === 429).length;
  check(
    `${3 * LIMIT} calls at once over the three: exactly the limit allowed`,
    allowed === LIMIT && refused === 2 * LIMIT,
    `${allowed} allowed, ${refused} refused`,
  );
  const burstLeads = await sql('SELECT count(*)::int AS n FROM leads WHERE "tenantId" = $1', [burstTenant]);
  check('one lead per allowed call of the burst', burstLeads[0].n === LIMIT, `${burstLeads[0].n} leads`);
}

async function replay() {
  console.log('\n# b. a call re-delivered to another instance is replayed');
  const tenant = 'multi-replay';
  const args = { first_name: 'Rosa', phone: '+17865550111', email: 'rosa@example.com' };
  const first = await tool(instances[0], tenant, 'create_lead', args, 'replay-call-1');
  const second = await tool(instances[1], tenant, 'create_lead', args, 'replay-call-1');
  const third = await tool(instances[2], tenant, 'create_lead', args, 'replay-call-1');
  check(
    'instances 2 and 3 answer what instance 1 answered',
    first.status === 200 &&
      second.status === 200 &&
      third.status === 200 &&
      first.text === second.text &&
      first.text === third.text,
    `${first.status} ${first.text}`,
  );
  const leads = await sql('SELECT count(*)::int AS n FROM leads WHERE "tenantId" = $1', [tenant]);
  check('one lead row', leads[0].n === 1, `${leads[0].n} leads`);
  const rows = await eventually(
    () => sql('SELECT id, "replayOf" FROM tool_calls WHERE "tenantId" = $1 ORDER BY "createdAt"', [tenant]),
    (found) => found.length === 3,
  );
  const [original, ...replays] = rows.value;
  check(
    'the re-deliveries are logged as replays of the first call',
    rows.ok && original.replayOf === null && replays.every((row) => row.replayOf === original.id),
    JSON.stringify(rows.value),
  );
}

async function outbox() {
  console.log('\n# c. the outbox sends each text once, with three workers');
  const tenant = 'multi-sms';
  const created = await staff(instances[0], 'POST', '/api/tenants', { name: 'Multi SMS', platformTenantId: tenant });
  check('a tenant for the texts', created.status === 201, `${created.status}`);
  // Every first attempt fails (HTTP 500, a transient failure): the texts wait in the outbox.
  fake.mode = 'http500';
  const TEXTS = 12;
  const bodies = Array.from({ length: TEXTS }, (_, n) => `Multi-instance text ${n + 1} of ${REDIS_KEY_PREFIX}`);
  const answers = [];
  for (const [n, body] of bodies.entries()) {
    const toPhone = `+1786555${String(200 + n).padStart(4, '0')}`;
    answers.push(await staff(instances[n % 3], 'POST', `/api/sms?tenant_id=${tenant}`, { toPhone, body }));
  }
  check(
    'each text is recorded and queued after its failed first attempt',
    answers.every((answer) => answer.status === 201 && answer.json?.status === 'queued'),
    answers.map((answer) => `${answer.status}/${answer.json?.status}`).join(' '),
  );
  fake.mode = 'accept';
  const sent = await eventually(
    () => sql(`SELECT status, count(*)::int AS n FROM sms_messages WHERE "tenantId" = $1 GROUP BY status`, [tenant]),
    (rows) => rows.length === 1 && rows[0].status === 'sent' && rows[0].n === TEXTS,
    30_000,
  );
  check('every text is sent', sent.ok, JSON.stringify(sent.value));
  // A few more rounds of the three workers: a second send would show now.
  await sleep(1000);
  const accepted = bodies.map((body) => fake.accepted.filter((message) => message.text === body).length);
  check(
    'each text reached the provider exactly once',
    accepted.every((count) => count === 1),
    `accepted per text: ${accepted.join(' ')}; attempts in all: ${fake.requests.length}`,
  );
  const references = await sql('SELECT id FROM sms_messages WHERE "tenantId" = $1', [tenant]);
  const sentReferences = new Set(fake.accepted.map((message) => message.clientRef));
  check(
    "the provider's accepted texts are the rows' (by client-ref)",
    references.length === TEXTS && references.every((row) => sentReferences.has(row.id)),
    `${references.length} rows`,
  );
}

async function tenantSettings() {
  console.log('\n# d. a tenant setting changed through one instance is seen by all');
  const tenant = 'multi-settings';
  const created = await staff(instances[0], 'POST', '/api/tenants', {
    name: 'Multi Settings',
    platformTenantId: tenant,
    language: 'en',
  });
  check('a tenant that speaks English', created.status === 201, `${created.status}`);
  const args = { first_name: 'Ana', phone: '+17865550198' };
  // Each instance answers once, and holds the tenant's settings from then on.
  const before = [];
  for (const [n, instance] of instances.entries())
    before.push((await tool(instance, tenant, 'create_lead', args, `settings-before-${n}`)).json?.message);
  const patched = await staff(instances[1], 'PATCH', `/api/tenants/${created.json?.id}`, { language: 'es' });
  check('instance 2 changes the language to Spanish', patched.status === 200, `${patched.status}`);
  // The invalidation travels through Redis to the other processes: give it a moment.
  await sleep(300);
  const after = [];
  for (const [n, instance] of instances.entries())
    after.push((await tool(instance, tenant, 'create_lead', args, `settings-after-${n}`)).json?.message);
  const english = [
    spokenIn('en').leadCreated('Ana'),
    spokenIn('en').leadUpdated('Ana'),
    spokenIn('en').leadUpdated('Ana'),
  ];
  check('all three answered in English before the change', same(before, english), before.join(' | '));
  const spanish = Array(3).fill(spokenIn('es').leadUpdated('Ana'));
  check(
    'all three answer in Spanish at once after it (instances 1 and 3 too)',
    same(after, spanish),
    after.join(' | '),
  );
}

function lead(n) {
  return { first_name: `Caller${n}`, phone: `+1786555${String(1000 + n).padStart(4, '0')}` };
}

// ---------------------------------------------------------------------------------------------

process.on('SIGINT', () => {
  killAll();
  process.exit(130);
});

try {
  await redis.connect();
  await emptyDatabase(DATABASE_URL);
  // The first one alone: it runs the migrations and makes the first owner.
  instances.push(await startInstance('instance-1', environment()));
  instances.push(...(await Promise.all([2, 3].map((n) => startInstance(`instance-${n}`, environment())))));
  const login = await send(instances[2].url, 'POST', '/api/auth/login', { body: ADMIN });
  token = login.json?.access_token ?? '';
  check('the owner signs in (through instance 3)', login.status === 200 && token !== '', `${login.status}`);

  for (const scenario of [rateLimit, replay, outbox, tenantSettings]) {
    try {
      await scenario();
    } catch (error) {
      check(`${scenario.name}: ran to the end`, false, error.stack ?? String(error));
    }
  }
} catch (error) {
  check('setup', false, error.stack ?? String(error));
} finally {
  if (failed > 0)
    for (const instance of instances)
      console.log(`--- output of ${instance.name} ---\n${instance.output() || '(nothing)'}\n--- end ---`);
  await stopAll();
  await fake.close();
  await deleteOwnRedisKeys().catch((error) =>
    console.error(`could not delete this run's Redis keys: ${error.message}`),
  );
  redis.disconnect();
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
