// What the load scripts share (`npm run bench`, `npm run soak`): the built app and the bench's
// reference servers (bench/servers/) as child processes on loopback, and the small helpers around them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_ENTRY = join(PROJECT_DIR, 'dist', 'src', 'main.js');

export const HOST = '127.0.0.1';
export const WEBHOOK_PATH = '/api/webhooks/ai-tools';
export const STARTUP_TIMEOUT_MS = 60_000;

export function positiveNumber(raw, fallback) {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An expected failure (the app would not start, died, ...): reported by its message alone. */
export function benchError(message) {
  return Object.assign(new Error(message), { benchError: true });
}

export async function freePort() {
  const srv = net.createServer();
  await new Promise((r, j) => srv.once('error', j).listen(0, HOST, r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** A weekday about ten days ahead, as the AI would send it (YYYY-MM-DD, UTC like the app's default zone). */
export function weekdayAhead(days = 10) {
  const d = new Date(Date.now() + days * 86_400_000);
  const dow = d.getUTCDay();
  if (dow === 6) d.setUTCDate(d.getUTCDate() + 2);
  if (dow === 0) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Child processes. Servers run outside the load generator's process so that autocannon's own
// event loop never competes with the server it measures (other than for CPU, which is the point).

export const children = new Set();

/** Spawns a node child and keeps the tail of its output for error reports. */
export function spawnNode(name, args, env) {
  const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk).slice(-8000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  child.benchName = name;
  child.outputTail = (chars = 4000) => tail.slice(-chars);
  child.once('exit', () => children.delete(child));
  children.add(child);
  return child;
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  // A clean Nest shutdown is quick; do not let a stuck one hold the bench.
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
}

/**
 * Starts one of bench/servers/ (`file`, relative to bench/) with `env` and waits for the
 * `LISTENING <port>` line it prints.
 */
export async function startServer(name, file, env) {
  const child = spawnNode(name, [join(PROJECT_DIR, 'bench', file)], { PATH: process.env.PATH, ...env });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(benchError(`the ${name} did not start in 10 s:\n${child.outputTail()}`)),
      10_000,
    );
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const m = /LISTENING (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(benchError(`the ${name} exited (code ${code}):\n${child.outputTail()}`));
    });
  });
  return { child, url: `http://${HOST}:${port}` };
}

/**
 * Starts the built app (dist/, or the build whose main.js `entry` names) with `env` on a free port
 * and waits until it answers HTTP. `buildHint` completes the message shown when dist/ is missing.
 */
export async function startBuiltApp(env, buildHint = '', entry = APP_ENTRY) {
  const appEntry = resolve(entry || APP_ENTRY);
  if (!existsSync(appEntry)) throw benchError(`${appEntry} does not exist: run \`npm run build\` first${buildHint}.`);
  const port = await freePort();
  const child = spawnNode('app', [appEntry], { ...env, PORT: String(port) });
  const url = `http://${HOST}:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw benchError(
        `the app exited during start (code ${child.exitCode ?? child.signalCode}). Its output:\n${child.outputTail()}`,
      );
    }
    try {
      // Any HTTP answer (401 without a key is the expected one) means the app is serving.
      await fetch(url + WEBHOOK_PATH, { method: 'POST', signal: AbortSignal.timeout(1000) });
      return { child, url, startupMs: Date.now() - started };
    } catch {
      if (Date.now() - started > STARTUP_TIMEOUT_MS) {
        throw benchError(
          `the app did not answer POST ${WEBHOOK_PATH} within ${STARTUP_TIMEOUT_MS / 1000} s. Its output:\n${child.outputTail()}`,
        );
      }
      await sleep(250);
    }
  }
}
