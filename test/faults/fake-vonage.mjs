// A stand-in for Vonage's SMS API (POST {restHost}/sms/json) on loopback, for the fault checks
// against the built app. It answers as the real API does (HTTP 200, messages[0].status "0" and a
// "message-id"), and can be told to misbehave:
//   accept  answer at once;
//   hang    never answer (the request stays open until the fake closes);
//   slow    wait `slowMs`, then accept;
//   http500 answer HTTP 500.
// Every request is recorded in `requests`, every accepted message in `accepted`: what phones
// would have received.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export async function startFakeVonage({ mode = 'accept', slowMs = 1500 } = {}) {
  const requests = [];
  const accepted = [];
  const hanging = new Set();
  const waiters = new Set();
  const fake = { mode, slowMs, requests, accepted, url: '' };

  const reply = (response, httpStatus, body) => {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(httpStatus, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const accept = (response, params) => {
    if (response.destroyed || response.writableEnded) return false;
    if (!params.to || !params.from || !params.text) {
      reply(response, 200, {
        'message-count': '1',
        messages: [{ to: params.to, status: '2', 'error-text': 'Missing params' }],
      });
      return false;
    }
    const messageId = randomUUID();
    accepted.push({
      at: performance.now(),
      messageId,
      to: params.to,
      from: params.from,
      text: params.text,
      clientRef: params['client-ref'],
    });
    reply(response, 200, {
      'message-count': '1',
      messages: [
        {
          to: params.to,
          'message-id': messageId,
          status: '0',
          'remaining-balance': '9.50',
          'message-price': '0.0075',
          network: '310260',
        },
      ],
    });
    return true;
  };

  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url.startsWith('/sms/json'))
        return reply(response, 404, { error: 'not found' });
      const params = parseBody(request.headers['content-type'] ?? '', raw);
      const entry = {
        at: performance.now(),
        mode: fake.mode,
        to: params.to,
        text: params.text,
        clientRef: params['client-ref'],
      };
      requests.push(entry);
      for (const waiter of [...waiters]) waiter(entry);
      switch (fake.mode) {
        case 'hang':
          // Switching modes later does not answer it: a hung request never completes.
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        case 'http500':
          return reply(response, 500, { error: 'internal error' });
        case 'slow':
          setTimeout(() => accept(response, params), fake.slowMs);
          return;
        default:
          accept(response, params);
      }
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${server.address().port}`;

  /** Resolves with the first request (already received or to come) that `matches`. */
  fake.waitForRequest = (matches, timeoutMs = 10_000) => {
    const seen = requests.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`the fake provider received no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (entry) => {
        if (!matches(entry)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(entry);
      };
      waiters.add(waiter);
    });
  };

  fake.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}

function parseBody(contentType, raw) {
  if (contentType.includes('json')) {
    try {
      return JSON.parse(raw || '{}');
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
