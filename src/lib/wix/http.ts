import { createClient, ApiKeyStrategy } from '@wix/sdk';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { WixUnexpectedResponseError, WixUnreachableError, WixApiError } from '../errors.js';
import { toWixApiError } from './envelope.js';
import { currentRequestLogger } from '../request-context.js';

export interface RetryPolicy {
  /** Total attempts for a retryable call, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 };

export interface WixHttpOptions {
  apiKey: string;
  accountId: string;
  /** Absolute base such as https://www.wixapis.com, without a trailing slash. */
  baseUrl: string;
  logger: Logger;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Per-attempt timeout; Wix documents no timeout of its own and the SDK sets none. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); tests pin it to check the delays. */
  random?: () => number;
  /** Clock for HTTP-date Retry-After values. */
  now?: () => number;
}

export interface WixRequest<S extends z.ZodType> {
  /** Operation name for logs and errors, such as "Create Invite". */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  response: S;
  /**
   * `read`: safe to repeat, so 429, 5xx and timeouts are retried with backoff.
   * `write`: never repeated, because Wix offers no idempotency key for these calls.
   */
  kind: 'read' | 'write';
  /** Overrides the wix-account-id header (Transfer Site sends the target account there). */
  accountId?: string;
}

export interface WixResult<T> {
  data: T;
  requestId: string | null;
}

type WixSdkClient = ReturnType<typeof createWixClient>;

function createWixClient(apiKey: string, accountId: string, fetchImpl: typeof fetch | undefined) {
  // Only accountId is given: ApiKeyStrategy sends wix-site-id too when both IDs are set, and
  // account-level calls must carry exactly one of the two headers.
  return createClient({
    auth: ApiKeyStrategy({ apiKey, accountId }),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/**
 * The only code that sends HTTP to Wix. Builds absolute URLs from the configured base so that a
 * local emulator works, signs them through @wix/sdk's ApiKeyStrategy, validates every response
 * with zod and turns failures into typed errors.
 */
export class WixHttp {
  private readonly clients = new Map<string, WixSdkClient>();
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: WixHttpOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ component: 'wix' });
  }

  /** The request's logger when called while handling a Slack request, else the gateway's own. */
  private log(): Logger {
    return currentRequestLogger()?.child({ component: 'wix' }) ?? this.logger;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  async request<S extends z.ZodType>(request: WixRequest<S>): Promise<WixResult<z.output<S>>> {
    const attempts = request.kind === 'read' ? Math.max(1, this.retry.attempts) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        const delay = this.retryDelay(error, attempt, attempts);
        if (delay === null) throw error;
        this.log().warn({ operation: request.operation, attempt, delayMs: delay, err: error }, 'retrying Wix request');
        await this.sleep(delay);
      }
    }
  }

  private async attempt<S extends z.ZodType>(request: WixRequest<S>): Promise<WixResult<z.output<S>>> {
    const url = this.buildUrl(request.path, request.query);
    const client = this.clientFor(request.accountId ?? this.options.accountId);
    const started = performance.now();
    let response: Response;
    try {
      response = await client.fetchWithAuth(url, {
        method: request.method,
        // fetchWithAuth adds the auth headers but not Content-Type.
        headers: request.body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.log().debug({ operation: request.operation, method: request.method, path: request.path, err: error }, 'Wix request failed to send');
      throw new WixUnreachableError(request.operation, error);
    }

    const requestId = response.headers.get('x-wix-request-id');
    const text = await response.text();
    this.log().debug(
      { operation: request.operation, method: request.method, path: request.path, status: response.status, requestId, durationMs: Math.round(performance.now() - started) },
      'Wix request',
    );
    const body = parseJson(text);

    if (!response.ok) {
      throw toWixApiError(request.operation, response.status, requestId, body, parseRetryAfter(response.headers.get('retry-after'), this.now()));
    }
    if (body === undefined && text.trim() !== '') {
      throw new WixUnexpectedResponseError(request.operation, response.status, requestId, 'body is not JSON');
    }
    const parsed = request.response.safeParse(body ?? {});
    if (!parsed.success) {
      const problem = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new WixUnexpectedResponseError(request.operation, response.status, requestId, problem);
    }
    return { data: parsed.data, requestId };
  }

  /**
   * Milliseconds to wait before the next attempt, or null when the error must not be retried.
   * Retried: 429, 500, 502, 503, 504 and network failures, and only for reads. A Retry-After
   * header is honoured up to `maxRetryAfterMs`; a longer wait fails now instead of blocking a
   * user who waits on a reply.
   */
  private retryDelay(error: unknown, attempt: number, attempts: number): number | null {
    if (attempt >= attempts) return null;
    let retryAfterMs: number | undefined;
    if (error instanceof WixApiError) {
      if (!RETRYABLE_STATUSES.has(error.status)) return null;
      retryAfterMs = error.retryAfterMs;
    } else if (!(error instanceof WixUnreachableError)) {
      return null;
    }
    if (retryAfterMs !== undefined) return retryAfterMs <= this.maxRetryAfterMs ? retryAfterMs : null;
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    // Full jitter spreads the retries of several bot processes apart.
    return Math.round(this.random() * exponential);
  }

  private get maxRetryAfterMs(): number {
    return this.retry.maxDelayMs * 6;
  }

  private clientFor(accountId: string): WixSdkClient {
    let client = this.clients.get(accountId);
    if (!client) {
      client = createWixClient(this.options.apiKey, accountId, this.options.fetch);
      this.clients.set(accountId, client);
    }
    return client;
  }

  private buildUrl(path: string, query: WixRequest<z.ZodType>['query']): string {
    const url = new URL(this.options.baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      // Wix GET endpoints take nested parameters as dotted keys and arrays as repeated keys.
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url.toString();
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After in milliseconds: delta-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
