import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake provider behaves: accept, or fail the ways Vonage's SMS API does. */
export type FakeVonageMode = 'accept' | 'throttle' | 'reject-number' | 'bad-credentials' | 'server-error' | 'hang';

export interface ReceivedSms {
  to: string;
  from: string;
  text: string;
  type?: string;
  clientRef?: string;
  apiKey?: string;
}

/**
 * A stand-in for Vonage's SMS endpoint (`POST {restHost}/sms/json`) on loopback, so the real
 * SDK is exercised end to end. It answers as the real API does: HTTP 200 with a per-message
 * status ("0" accepted), or an HTTP failure, or no answer at all.
 */
export class FakeVonageServer {
  mode: FakeVonageMode = 'accept';
  /** Messages the fake accepted: what phones would have received. */
  readonly received: ReceivedSms[] = [];
  /** Every send attempt, accepted or not. */
  requests = 0;
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((request, response) => void this.answer(request, response));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || !request.url?.startsWith('/sms/json'))
      return this.reply(response, 404, { error: 'not found' });
    this.requests += 1;
    const raw = Buffer.concat(chunks).toString('utf8');
    const params: Record<string, string> = (request.headers['content-type'] ?? '').includes('json')
      ? JSON.parse(raw || '{}')
      : Object.fromEntries(new URLSearchParams(raw));
    const apiKey = params.api_key ?? this.basicAuthUser(request.headers.authorization);

    switch (this.mode) {
      case 'hang':
        this.hanging.add(response);
        return;
      case 'server-error':
        return this.reply(response, 503, { error: 'service unavailable' });
      case 'throttle':
        return this.status(response, params.to, '1', 'Throughput Rate Exceeded');
      case 'reject-number':
        return this.status(response, params.to, '3', 'Invalid to number');
      case 'bad-credentials':
        return this.status(response, params.to, '4', 'Bad Credentials');
    }
    if (!apiKey) return this.status(response, params.to, '4', 'Bad Credentials');
    if (!params.to || !params.from || !params.text) return this.status(response, params.to, '2', 'Missing params');
    const messageId = randomUUID();
    this.received.push({
      to: params.to,
      from: params.from,
      text: params.text,
      type: params.type,
      clientRef: params['client-ref'],
      apiKey,
    });
    this.reply(response, 200, {
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
  }

  private basicAuthUser(header: string | undefined): string | undefined {
    if (!header?.startsWith('Basic ')) return undefined;
    return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  }

  private status(response: ServerResponse, to: string | undefined, status: string, errorText: string): void {
    this.reply(response, 200, { 'message-count': '1', messages: [{ to, status, 'error-text': errorText }] });
  }

  private reply(response: ServerResponse, httpStatus: number, body: unknown): void {
    response.writeHead(httpStatus, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}
