import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BotLink } from './bot-link.js';
import { parseArguments, readRaw, sendJson, uploadedBytes } from './http.js';
import { Interactions, type ActionSource, type StateValues } from './interactions.js';
import { SimStore } from './store.js';
import { callWebApi } from './web-api.js';
import { BOT, CHANNELS, TEAM, USERS, userById } from './workspace.js';

export interface FaultControl {
  get(): Record<string, number>;
  /** Returns the settings in force, or null when the update is not valid. */
  set(update: unknown): Record<string, number> | null;
}

export interface SlackSimulatorOptions {
  port?: number;
  botToken: string;
  signingSecret: string;
  /** The bot's request URL (Slack's "Request URL"), such as http://127.0.0.1:3000/slack/events. */
  botRequestUrl: string;
  /** How long the bot gets to acknowledge; Slack gives 3 seconds. */
  ackTimeoutMs?: number;
  /** Lets the page change the Wix emulator's fault switch. */
  faults?: FaultControl;
  /** Called for each Web API call the simulator does not implement. */
  onUnknownMethod?: (method: string) => void;
  now?: () => number;
}

export interface SlackSimulator {
  url: string;
  store: SimStore;
  interactions: Interactions;
  close(): Promise<void>;
}

const PUBLIC_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'public');
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

function bearer(request: IncomingMessage, args: Record<string, unknown>): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return typeof args.token === 'string' ? args.token : null;
}

/** Starts the Slack simulator: the Web API fake, response_url endpoints and the browser page. */
export async function startSlackSimulator(options: SlackSimulatorOptions): Promise<SlackSimulator> {
  const now = options.now ?? Date.now;
  const store = new SimStore();
  const bot = new BotLink({ requestUrl: options.botRequestUrl, signingSecret: options.signingSecret, ...(options.ackTimeoutMs ? { timeoutMs: options.ackTimeoutMs } : {}) });
  let baseUrl = '';
  const interactions = new Interactions(store, bot, () => baseUrl, now);

  const staticFile = async (response: ServerResponse, name: string) => {
    if (!/^[a-z0-9-]+\.(html|js|css|svg)$/.test(name)) return sendJson(response, 404, { error: 'not_found' });
    try {
      const body = await readFile(join(PUBLIC_DIR, name));
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      sendJson(response, 404, { error: 'not_found' });
    }
  };

  const webApi = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    const raw = (await readRaw(request)).toString('utf8');
    let args: Record<string, unknown>;
    try {
      args = parseArguments(raw, request.headers['content-type']);
    } catch {
      return sendJson(response, 200, { ok: false, error: 'invalid_json' });
    }
    const token = bearer(request, args);
    if (!token) return sendJson(response, 200, { ok: false, error: 'not_authed' });
    if (token !== options.botToken) return sendJson(response, 200, { ok: false, error: 'invalid_auth' });
    const result = callWebApi({ store, baseUrl, now }, method, args);
    if (result.error === 'unknown_method') options.onUnknownMethod?.(method);
    sendJson(response, 200, result);
  };

  const state = (userId: string) => ({
    version: store.version,
    conversations: store.conversationsFor(userId).map((c) => ({ ...c, messages: store.visibleMessages(userId, c.id) })),
    modals: store.modalStack(userId).map((v) => ({ id: v.id, view: v.view, errors: v.errors, problem: v.problem, hash: v.hash })),
    home: (() => {
      const home = store.views.get(store.homeViews.get(userId) ?? '');
      return home ? { id: home.id, view: home.view } : null;
    })(),
  });

  const events = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`event: change\ndata: ${store.version}\n\n`);
    const listener = (version: number) => response.write(`event: change\ndata: ${version}\n\n`);
    store.on('change', listener);
    request.on('close', () => store.off('change', listener));
  };

  const ui = async (request: IncomingMessage, response: ServerResponse, path: string, url: URL) => {
    if (request.method === 'GET' && path === '/ui/bootstrap') {
      return sendJson(response, 200, { team: TEAM, bot: BOT, users: USERS, channels: CHANNELS, faults: options.faults ? options.faults.get() : null });
    }
    if (request.method === 'GET' && path === '/ui/state') {
      const userId = url.searchParams.get('user') ?? '';
      return userById(userId) ? sendJson(response, 200, state(userId)) : sendJson(response, 400, { error: 'unknown user' });
    }
    if (request.method === 'GET' && path === '/ui/events') return events(request, response);
    if (request.method !== 'POST' && request.method !== 'PUT') return sendJson(response, 404, { error: 'not_found' });

    const body = JSON.parse((await readRaw(request)).toString('utf8') || '{}') as Record<string, unknown>;
    if (path === '/ui/faults') {
      const next = options.faults?.set(body);
      return next ? sendJson(response, 200, next) : sendJson(response, 400, { error: 'invalid fault settings' });
    }
    const userId = String(body.user ?? '');
    if (!userById(userId)) return sendJson(response, 400, { error: 'unknown user' });
    const values = (body.values ?? {}) as StateValues;
    switch (path) {
      case '/ui/command':
        return sendJson(response, 200, await interactions.runCommand(userId, String(body.channel), String(body.text ?? '')));
      case '/ui/message':
        interactions.postUserMessage(userId, String(body.channel), String(body.text ?? ''));
        return sendJson(response, 200, { ok: true });
      case '/ui/action':
        return sendJson(response, 200, await interactions.blockAction(userId, body.source as ActionSource, body.action as Record<string, unknown>, values));
      case '/ui/submit':
        return sendJson(response, 200, await interactions.submitView(userId, String(body.viewId), values));
      case '/ui/close':
        await interactions.closeView(userId, String(body.viewId), values);
        return sendJson(response, 200, { ok: true });
      case '/ui/suggest':
        return sendJson(response, 200, await interactions.suggest(userId, body.source as ActionSource, String(body.blockId), String(body.actionId), String(body.value ?? ''), values));
      case '/ui/home':
        return sendJson(response, 200, await interactions.openHome(userId));
      default:
        return sendJson(response, 404, { error: 'not_found' });
    }
  };

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (request.method === 'GET' && (path === '/' || path === '/index.html')) return staticFile(response, 'index.html');
    if (request.method === 'GET' && path.startsWith('/static/')) return staticFile(response, path.slice('/static/'.length));
    if (path.startsWith('/api/')) {
      if (request.method !== 'POST' && request.method !== 'GET') return sendJson(response, 405, { ok: false, error: 'method_not_supported' });
      return webApi(request, response, path.slice('/api/'.length));
    }
    if (path.startsWith('/response/') && request.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readRaw(request)).toString('utf8')) as Record<string, unknown>;
      } catch {
        response.writeHead(400, { 'content-type': 'text/plain' });
        return response.end('invalid_payload');
      }
      const result = interactions.respond(path.slice('/response/'.length), body);
      response.writeHead(result.status, { 'content-type': result.body.startsWith('{') ? 'application/json' : 'text/plain' });
      return response.end(result.body);
    }
    if (path.startsWith('/upload/') && (request.method === 'POST' || request.method === 'PUT')) {
      const file = store.files.get(path.slice('/upload/'.length));
      if (!file) return sendJson(response, 404, { ok: false, error: 'file_not_found' });
      file.bytes = uploadedBytes(await readRaw(request), request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end(`OK - ${file.bytes.length}`);
    }
    if (path.startsWith('/files/') && request.method === 'GET') {
      const file = store.files.get(path.slice('/files/'.length));
      if (!file?.bytes) return sendJson(response, 404, { error: 'not_found' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${file.name.replace(/["\\\r\n]/g, '_')}"` });
      return response.end(file.bytes);
    }
    if (path.startsWith('/ui/')) return ui(request, response, path, url);
    sendJson(response, 404, { error: 'not_found' });
  };

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'internal_error', detail: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    store,
    interactions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
