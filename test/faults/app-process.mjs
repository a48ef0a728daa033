// The built app as a real process (`node dist/src/main.js`), and plain HTTP to it: what the
// fault checks kill, signal and starve of its database.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';

const started = new Set();

/** A port nothing listens on right now. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts one app instance and waits until GET /health/live answers 200. Its stdout and stderr
 * are kept (the last 200 lines) to be shown when a check fails.
 */
export async function startInstance(name, env, { readyTimeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const lines = [];
  const keep = (stream, label) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop();
      for (const line of parts) lines.push(`${label} ${line}`);
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    });
  };
  keep(child.stdout, `[${name} out]`);
  keep(child.stderr, `[${name} err]`);
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const instance = {
    name,
    child,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => lines.join('\n'),
  };

  const until = performance.now() + readyTimeoutMs;
  for (;;) {
    if (!instance.running()) {
      const { code, signal } = await exited;
      throw new Error(`${name} exited before it was ready (code ${code}, signal ${signal})\n${instance.output()}`);
    }
    const live = await send(instance.url, 'GET', '/health/live', { timeoutMs: 1000 });
    if (live.status === 200) return instance;
    if (performance.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not live within ${readyTimeoutMs} ms\n${instance.output()}`);
    }
    await sleep(100);
  }
}

/** Kills every instance still running (SIGKILL): on the way out, whatever happened. */
export function killAll() {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * One HTTP request on its own connection (no keep-alive, so a closing server is not held open by
 * an idle socket). Resolves with status, body, parsed JSON and elapsed ms; or with `error` (its
 * code: ECONNREFUSED, ECONNRESET, TIMEOUT) when no answer came.
 */
export function send(baseUrl, method, path, { headers = {}, body, timeoutMs = 15_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      `${baseUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(payload !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode, text, json, ms: Math.round(performance.now() - started) });
        });
        response.on('error', (error) =>
          resolve({ error: error.code ?? error.message, ms: Math.round(performance.now() - started) }),
        );
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error('no answer'), { code: 'TIMEOUT' })));
    request.on('error', (error) =>
      resolve({ error: error.code ?? error.message, ms: Math.round(performance.now() - started) }),
    );
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
