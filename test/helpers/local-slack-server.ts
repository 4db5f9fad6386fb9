import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSlackOptions {
  /** `answer` responds to every call; `hang` reads requests and never responds. */
  mode: 'answer' | 'hang';
  /**
   * Minimum gap between two accepted chat.postMessage calls to one channel. A call inside the gap
   * gets HTTP 429 with Retry-After in whole seconds, as Slack does.
   */
  minIntervalMs?: number;
}

export interface LocalPost {
  channel: string;
  text: string;
  blocks: Array<{ type: string; text?: { text: string } }>;
}

export interface LocalSlack {
  /** Base URL for WebClient's slackApiUrl, ending in /api/. */
  url: string;
  posts: LocalPost[];
  requests: number;
  rateLimited: number;
  /** Resolves when the first request has arrived. */
  firstRequest: Promise<void>;
  close(): Promise<void>;
}

/**
 * A Slack Web API stand-in on 127.0.0.1 for tests that need a real socket: a child process that
 * is killed mid-request, and the delivery benchmark. Only chat.postMessage is modelled.
 */
export async function startLocalSlack(options: LocalSlackOptions): Promise<LocalSlack> {
  let ts = 1767000000;
  let signalFirst: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => {
    signalFirst = resolve;
  });
  const lastAccepted = new Map<string, number>();
  const state: LocalSlack = {
    url: '',
    posts: [],
    requests: 0,
    rateLimited: 0,
    firstRequest,
    close: async () => undefined,
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.requests += 1;
      signalFirst();
      if (options.mode === 'hang') return;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      if (request.url !== '/api/chat.postMessage') return json(200, { ok: true });
      const channel = form.get('channel') ?? '';
      const now = Date.now();
      const previous = lastAccepted.get(channel);
      const gap = options.minIntervalMs ?? 0;
      if (previous !== undefined && now - previous < gap) {
        state.rateLimited += 1;
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.max(1, Math.ceil((gap - (now - previous)) / 1000))) });
      }
      lastAccepted.set(channel, now);
      state.posts.push({ channel, text: form.get('text') ?? '', blocks: JSON.parse(form.get('blocks') ?? '[]') as LocalPost['blocks'] });
      ts += 1;
      json(200, { ok: true, channel, ts: `${ts}.000100` });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/api/`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
