import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountRoutes } from './accounts.js';
import type { WixRoute } from './context.js';
import { domainRoutes } from './domains.js';
import { applicationError, systemError, validationError, WixErrorResponse } from './errors.js';
import { drawFault, mergeFaults, NO_FAULTS, type FaultSettings } from './faults.js';
import type { WixState } from './model.js';
import { SeededRandom } from './random.js';
import { createDemoState } from './seed.js';
import { siteRoutes } from './sites.js';
import { teamRoutes } from './team.js';

export interface WixEmulatorOptions {
  /** The only value of the Authorization header that is accepted (Wix takes the raw key, no "Bearer"). */
  apiKey: string;
  port?: number;
  faults?: FaultSettings;
  /** Seed of the demo data and of the fault draws. */
  seed?: number;
  now?: () => Date;
  /** Called once per API request, for the launcher's console. */
  onRequest?: (line: { method: string; path: string; status: number; operation: string | null }) => void;
}

export interface WixEmulator {
  url: string;
  readonly state: WixState;
  faults: FaultSettings;
  /** Puts the demo data back as it was at start. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTES: WixRoute[] = [...teamRoutes, ...siteRoutes, ...domainRoutes, ...accountRoutes];
const MAX_BODY_BYTES = 1_000_000;
/** Transfer Site puts the target account in wix-account-id, so the route checks it itself. */
const TARGET_IN_HEADER = new Set(['Transfer Site']);

function matchRoute(method: string, path: string): { route: WixRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const expected = route.path.split('/');
    const actual = path.split('/');
    if (expected.length !== actual.length) continue;
    const params: Record<string, string> = {};
    const ok = expected.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(actual[i] ?? '');
        return true;
      }
      return segment === actual[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw validationError([{ field: '(body)', description: `must be at most ${MAX_BODY_BYTES} bytes`, violatedRule: 'MAX' }]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Starts the Wix account API emulator on 127.0.0.1, seeded with the demo agency. */
export async function startWixEmulator(options: WixEmulatorOptions): Promise<WixEmulator> {
  const seed = options.seed ?? 20261204;
  const now = options.now ?? (() => new Date());
  const random = new SeededRandom(seed ^ 0x5eed);
  let state = createDemoState(seed);
  let faults = { ...(options.faults ?? NO_FAULTS) };
  let requestSeq = 0;

  const send = (response: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}) => {
    requestSeq += 1;
    // Same shape as Wix's ids: seconds, a dot, digits.
    const requestId = `${Math.floor(Date.now() / 1000)}.${String(seed).slice(-4)}${String(requestSeq).padStart(8, '0')}`;
    response.writeHead(status, { 'content-type': 'application/json', 'x-wix-request-id': requestId, ...extraHeaders });
    response.end(JSON.stringify(body));
  };

  const control = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    if (path === '/_sandbox/faults' && request.method === 'GET') return send(response, 200, faults);
    if (path === '/_sandbox/faults' && (request.method === 'PUT' || request.method === 'POST')) {
      const next = mergeFaults(faults, JSON.parse((await readBody(request)) || '{}'));
      if (!next) return send(response, 400, { message: 'expected {latencyMs?: number >= 0, rateLimitRate?: 0..1, serverErrorRate?: 0..1}' });
      faults = next;
      return send(response, 200, faults);
    }
    if (path === '/_sandbox/reset' && request.method === 'POST') {
      state = createDemoState(seed);
      return send(response, 200, { ok: true });
    }
    if (path === '/_sandbox/state' && request.method === 'GET') return send(response, 200, state);
    return send(response, 404, { message: `no control endpoint ${request.method} ${path}` });
  };

  const api = async (request: IncomingMessage, url: URL): Promise<{ status: number; body: unknown; headers?: Record<string, string>; operation: string | null }> => {
    const method = request.method ?? 'GET';
    const matched = matchRoute(method, url.pathname);
    if (!matched) return { status: 404, body: { message: `no Wix endpoint ${method} ${url.pathname}`, details: {} }, operation: null };
    const { route, params } = matched;

    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const fault = drawFault(faults, random);
    if (fault === 'rate_limited') throw Object.assign(applicationError(429, 'RESOURCE_EXHAUSTED', 'too many requests'), { retryAfter: '1' });
    if (fault === 'server_error') throw systemError(503);

    if (header(request, 'authorization') !== options.apiKey) throw applicationError(401, 'UNAUTHENTICATED', 'the Authorization header must be the account API key');
    const accountId = header(request, 'wix-account-id');
    if (header(request, 'wix-site-id') !== undefined && accountId !== undefined) {
      throw validationError([{ field: 'wix-site-id', description: 'send either wix-account-id or wix-site-id, not both', violatedRule: 'CUSTOM' }]);
    }
    if (!accountId) throw applicationError(403, 'PERMISSION_DENIED', 'account-level calls need the wix-account-id header');
    const family = state.accounts.filter((a) => a.accountId === state.mainAccountId || a.parentAccountId === state.mainAccountId).map((a) => a.accountId);
    if (!TARGET_IN_HEADER.has(route.operation) && !family.includes(accountId)) {
      throw applicationError(403, 'PERMISSION_DENIED', `the API key has no access to account ${accountId}`);
    }

    const text = await readBody(request);
    let body: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw validationError([{ field: '(body)', description: 'is not valid JSON', violatedRule: 'FORMAT' }]);
      }
    }
    const result = route.handler({ method, path: url.pathname, params, query: url.searchParams, body, accountId, state, now, newId: () => random.uuid() });
    return { status: 200, body: result, operation: route.operation };
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_sandbox/')) {
      control(request, response, url.pathname).catch(() => send(response, 400, { message: 'invalid control request' }));
      return;
    }
    api(request, url)
      .then(({ status, body, operation }) => {
        send(response, status, body);
        options.onRequest?.({ method: request.method ?? '', path: url.pathname, status, operation });
      })
      .catch((error: unknown) => {
        const wixError = error instanceof WixErrorResponse ? error : systemError(500);
        const retryAfter = (error as { retryAfter?: string }).retryAfter;
        send(response, wixError.status, wixError.body, retryAfter ? { 'retry-after': retryAfter } : {});
        options.onRequest?.({ method: request.method ?? '', path: url.pathname, status: wixError.status, operation: matchRoute(request.method ?? '', url.pathname)?.route.operation ?? null });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    get state() {
      return state;
    },
    get faults() {
      return faults;
    },
    set faults(next: FaultSettings) {
      faults = { ...next };
    },
    reset() {
      state = createDemoState(seed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
