// Memory of concurrent policy-book imports (`npm run bench:imports`, after `npm run build`).
//
// The built app (dist/) runs as a real process on a temporary SQLite file. The script makes a
// policy book of about 16 MB (50,000 rows, the most a file may have, with long names), then sends
// IMPORTS of it at once as `Content-Type: text/csv` bodies, sampling the app's resident memory
// (VmRSS in /proc, Linux only) every 25 ms. It prints the RSS before, the highest seen, the
// kernel's own high-water mark (VmHWM) and the RSS after, with each import's status.
//
// Env: IMPORTS (concurrent imports, default 4), IMPORT_MB (file size, default 16).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import { benchError, children, positiveNumber, sleep, startBuiltApp, stopChild } from './support.mjs';

const IMPORTS = positiveNumber(process.env.IMPORTS, 4);
const IMPORT_MB = positiveNumber(process.env.IMPORT_MB, 16);
const ROWS = 50_000;
const TENANT = 'bench-imports';
const EMAIL = 'bench-owner@example.com';
const PASSWORD = 'Bench-owner-import-memory-7f3a9c';

/** A policy book of about `megabytes` MB: ROWS rows, padded in the free-text columns. */
function policyBook(megabytes) {
  const header = 'policy_number,status,first_name,last_name,phone,date_of_birth,product_type,renewal_date\n';
  const base = 'POL-000000-0000,active,,,+13055550100,1980-03-05,,2031-01-15\n'.length;
  const pad = Math.max(0, Math.floor((megabytes * 1024 * 1024) / ROWS) - base);
  const [first, last, product] = [Math.min(100, pad / 3), Math.min(100, pad / 3), Math.min(100, pad / 3)].map(
    (length, index) => 'abcdefghij'.repeat(10).slice(0, Math.floor(length)) || `x${index}`,
  );
  const lines = [header];
  for (let row = 0; row < ROWS; row++) {
    const number = `POL-${String(row).padStart(6, '0')}-${String(row % 9973).padStart(4, '0')}`;
    lines.push(
      `${number},active,${first},${last},+1305555${String(row % 10000).padStart(4, '0')},1980-03-05,${product},2031-01-15\n`,
    );
  }
  return Buffer.from(lines.join(''), 'utf8');
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

const mb = (value) => `${value.toFixed(0)} MB`;

async function main() {
  if (process.platform !== 'linux') throw benchError('this script reads /proc: it runs on Linux only');
  const dir = mkdtempSync(join(os.tmpdir(), 'voice-crm-imports-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SQLITE_PATH: join(dir, 'bench.sqlite'),
    VOIP_TOOLS_WEBHOOK_KEY: 'csk_live_bench_0123456789abcdef0123456789abcdef',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789abcdef',
    ADMIN_EMAIL: EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const app = await startBuiltApp(env);
  try {
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!login.ok) throw benchError(`login answered ${login.status}: ${await login.text()}`);
    const auth = { authorization: `Bearer ${(await login.json()).access_token}` };
    await fetch(`${app.url}/api/tenants`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench imports', platformTenantId: TENANT }),
    });

    const book = policyBook(IMPORT_MB);
    await sleep(1000);
    const before = memoryOf(app.child.pid);
    let peak = before.rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memoryOf(app.child.pid).rss);
    }, 25);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: IMPORTS }, async () => {
        const response = await fetch(`${app.url}/api/policies/import?tenant_id=${TENANT}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/csv' },
          body: book,
        });
        const text = await response.text();
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          ms: performance.now() - started,
          body: text.slice(0, 120),
        };
      }),
    );
    clearInterval(sampler);
    await sleep(1000);
    const after = memoryOf(app.child.pid);

    console.log(`${IMPORTS} concurrent imports of ${(book.length / 1024 / 1024).toFixed(1)} MB (${ROWS} rows) each`);
    for (const [index, answer] of answers.entries()) {
      const retry = answer.retryAfter ? `, Retry-After ${answer.retryAfter}` : '';
      console.log(
        `  import ${index + 1}: ${answer.status}${retry} after ${(answer.ms / 1000).toFixed(1)} s  ${answer.body}`,
      );
    }
    console.log(`RSS before      ${mb(before.rss)}`);
    console.log(`RSS peak seen   ${mb(peak)}`);
    console.log(`VmHWM (kernel)  ${mb(after.hwm)}`);
    console.log(`RSS 1 s after   ${mb(after.rss)}`);
  } finally {
    await stopChild(app.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(async (error) => {
  console.error(error.benchError ? `bench: ${error.message}` : error);
  for (const child of children) await stopChild(child);
  process.exitCode = 1;
});
