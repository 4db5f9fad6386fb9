import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read arbitrary paths of Slack payloads
export type JsonBody = Record<string, any>;

export interface Received {
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * A stand-in for the bot behind the Slack simulator: it checks each request's signature with
 * Bolt's own verifier, records it, and responds with what `reply` returns.
 */
export class FakeBot {
  readonly received: Received[] = [];
  reply: (request: Received) => { status?: number; body?: string; delayMs?: number } = () => ({});
  private server!: Server;
  url = '';

  constructor(private readonly signingSecret: string) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = request.headers as Record<string, string>;
        const received = { contentType: headers['content-type'] ?? '', body, headers };
        verifySlackRequest({ signingSecret: this.signingSecret, body, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) } });
        this.received.push(received);
        const answer = this.reply(received);
        setTimeout(() => {
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
          response.end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slack/events`;
  }

  /** Returns the interactive payload of a received request (the last one by default). */
  payload(index = -1): JsonBody {
    return JSON.parse(new URLSearchParams(this.received.at(index)!.body).get('payload')!) as JsonBody;
  }

  /** Returns the form fields of a received request, such as a slash command's. */
  form(index = -1): URLSearchParams {
    return new URLSearchParams(this.received.at(index)!.body);
  }

  /** Payloads of the interactive requests of one type, such as block_actions. */
  payloadsOfType(type: string): JsonBody[] {
    return this.received
      .map((r) => new URLSearchParams(r.body).get('payload'))
      .filter((p): p is string => p !== null)
      .map((p) => JSON.parse(p) as JsonBody)
      .filter((p) => p.type === type);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
