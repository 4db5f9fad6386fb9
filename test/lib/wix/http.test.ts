import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WixApiError, WixUnexpectedResponseError, WixUnreachableError } from '../../../src/lib/errors.js';
import { createLogger } from '../../../src/lib/logger.js';
import { WixHttp, type RetryPolicy } from '../../../src/lib/wix/http.js';
import { getRolesInfo } from '../../../src/lib/wix/roles.js';
import { ALL_SITE_NAMESPACES, querySites } from '../../../src/lib/wix/sites.js';
import { transferSite } from '../../../src/lib/wix/transfer.js';
import { LogCapture } from '../../helpers/logs.js';
import { issueApproved } from '../../../src/lib/approvals/approved.js';

const BASE = 'https://wix.test';
const ACCOUNT_ID = '11111111-1111-4111-8111-111111111111';
const TARGET_ACCOUNT_ID = '22222222-2222-4222-8222-222222222222';
const API_KEY = 'test-wix-api-key-0123456789abcdef';
const RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

function gateway(options: { retry?: RetryPolicy; random?: () => number; now?: () => number } = {}) {
  const delays: number[] = [];
  const logs = new LogCapture();
  const wix = new WixHttp({
    apiKey: API_KEY,
    accountId: ACCOUNT_ID,
    baseUrl: BASE,
    logger: createLogger('debug', logs),
    retry: options.retry ?? RETRY,
    random: options.random ?? (() => 0.5),
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...(options.now ? { now: options.now } : {}),
  });
  return { wix, delays, logs };
}

const readSchema = z.looseObject({ item: z.looseObject({ id: z.string(), name: z.string() }) });

function read(wix: WixHttp) {
  return wix.request({ operation: 'Get Item', method: 'GET', path: '/items/v1/items/1', response: readSchema, kind: 'read' });
}

function write(wix: WixHttp) {
  return wix.request({ operation: 'Create Item', method: 'POST', path: '/items/v1/items', body: { item: { name: 'x' } }, response: readSchema, kind: 'write' });
}

/**
 * A connection failure as nock delivers it to fetch. nock 14 needs an Error instance here: its
 * object form crashes inside the fetch interceptor with "Cannot read properties of undefined".
 */
function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const ROLES_BODY = { roles: [{ id: 'r1', name: 'Website Manager' }] };

describe('Wix gateway headers', () => {
  it('sends the raw key and the account id, never a site id', async () => {
    const scope = nock(BASE, { badheaders: ['wix-site-id'] })
      .matchHeader('authorization', API_KEY)
      .matchHeader('wix-account-id', ACCOUNT_ID)
      .get('/roles-management/roles')
      .reply(200, ROLES_BODY);

    await getRolesInfo(gateway().wix);

    expect(scope.isDone()).toBe(true);
  });

  it('sends JSON with a content type on writes', async () => {
    const scope = nock(BASE)
      .matchHeader('content-type', 'application/json')
      .post('/items/v1/items', { item: { name: 'x' } })
      .reply(200, { item: { id: '1', name: 'x' } });

    await write(gateway().wix);

    expect(scope.isDone()).toBe(true);
  });

  it('sends the target account in wix-account-id for Transfer Site', async () => {
    const scope = nock(BASE, { badheaders: ['wix-site-id'] })
      .matchHeader('authorization', API_KEY)
      .matchHeader('wix-account-id', TARGET_ACCOUNT_ID)
      .post('/b2b-site-management/v1/transfer-site', (body: { siteTransfer: Record<string, unknown> }) => body.siteTransfer.sourceAccountId === ACCOUNT_ID && body.siteTransfer.siteId === 'site-1')
      .reply(200, { siteTransfer: { siteId: 'site-1' } });

    await transferSite(gateway().wix, issueApproved({ siteId: 'site-1', sourceAccountId: ACCOUNT_ID, targetAccountId: TARGET_ACCOUNT_ID }, 'AR-test'));

    expect(scope.isDone()).toBe(true);
  });

  it('keeps the account header of other calls after a transfer', async () => {
    const { wix } = gateway();
    nock(BASE).matchHeader('wix-account-id', TARGET_ACCOUNT_ID).post('/b2b-site-management/v1/transfer-site').reply(200, {});
    const later = nock(BASE).matchHeader('wix-account-id', ACCOUNT_ID).get('/roles-management/roles').reply(200, ROLES_BODY);

    await transferSite(wix, issueApproved({ siteId: 'site-1', sourceAccountId: ACCOUNT_ID, targetAccountId: TARGET_ACCOUNT_ID }, 'AR-test'));
    await getRolesInfo(wix);

    expect(later.isDone()).toBe(true);
  });
});

describe('Wix gateway responses', () => {
  it('tolerates unknown extra fields', async () => {
    nock(BASE)
      .get('/items/v1/items/1')
      .reply(200, { item: { id: '1', name: 'x', futureField: { nested: true } }, extra: [1, 2] });

    const result = await read(gateway().wix);

    expect(result.data.item).toMatchObject({ id: '1', name: 'x', futureField: { nested: true } });
  });

  it('returns the x-wix-request-id', async () => {
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } }, { 'x-wix-request-id': '1734427301.1915' });

    const result = await read(gateway().wix);

    expect(result.requestId).toBe('1734427301.1915');
  });

  it('rejects a body missing a required field', async () => {
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1' } }, { 'x-wix-request-id': 'req-missing' });

    const failure = read(gateway().wix);

    await expect(failure).rejects.toBeInstanceOf(WixUnexpectedResponseError);
    await expect(failure).rejects.toThrow(/^Unexpected response from Wix Get Item \(status 200, x-wix-request-id req-missing\): item\.name/);
  });

  it('rejects a 200 body that is not JSON', async () => {
    nock(BASE).get('/items/v1/items/1').reply(200, '<html>maintenance</html>', { 'x-wix-request-id': 'req-html' });

    await expect(read(gateway().wix)).rejects.toThrow('Unexpected response from Wix Get Item (status 200, x-wix-request-id req-html): body is not JSON');
  });
});

describe('Wix error envelope', () => {
  const applicationError = (code: string, description: string) => ({ message: description, details: { applicationError: { code, description, data: {} } } });

  it.each([
    [400, applicationError('INVALID_ARGUMENT', 'bad role'), 'INVALID_ARGUMENT', 'bad role'],
    [401, applicationError('UNAUTHENTICATED', 'key is not valid'), 'UNAUTHENTICATED', 'key is not valid'],
    [403, applicationError('PERMISSION_DENIED', 'missing permission'), 'PERMISSION_DENIED', 'missing permission'],
    [404, applicationError('NOT_FOUND', 'no such item'), 'NOT_FOUND', 'no such item'],
    [409, applicationError('ALREADY_EXISTS', 'already invited'), 'ALREADY_EXISTS', 'already invited'],
    [428, applicationError('SITE_TRANSFER_NOT_SUPPORTED', 'has paid services'), 'SITE_TRANSFER_NOT_SUPPORTED', 'has paid services'],
    [429, applicationError('RESOURCE_EXHAUSTED', 'too many requests'), 'RESOURCE_EXHAUSTED', 'too many requests'],
    [500, { message: '', details: {} }, undefined, undefined],
    [503, applicationError('UNAVAILABLE', 'try later'), 'UNAVAILABLE', 'try later'],
  ])('parses a %i into WixApiError', async (status, body, code, description) => {
    nock(BASE).post('/items/v1/items').reply(status, body, { 'x-wix-request-id': `req-${status}` });

    const error = await write(gateway().wix).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(WixApiError);
    const wixError = error as WixApiError;
    expect(wixError.status).toBe(status);
    expect(wixError.endpoint).toBe('Create Item');
    expect(wixError.applicationCode).toBe(code);
    expect(wixError.description).toBe(description);
    expect(wixError.requestId).toBe(`req-${status}`);
    expect(wixError.message).toContain(`x-wix-request-id req-${status}`);
    expect(wixError.userMessage).toContain(`req-${status}`);
  });

  it.each([
    [429, 'Wix is rate-limiting the bot in Create Item.'],
    [500, 'Wix had an internal error (500) in Create Item.'],
    [503, 'Wix had an internal error (503) in Create Item.'],
    [401, "Wix rejected the bot's API key in Create Item."],
    [403, 'lacks the permission for this action (Create Item).'],
  ])('names the operation in a %i reply', async (status, expected) => {
    nock(BASE).post('/items/v1/items').reply(status, { message: 'no' }, { 'x-wix-request-id': `req-${status}` });

    const error = (await write(gateway({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).wix).catch((thrown: unknown) => thrown)) as WixApiError;

    expect(error).toBeInstanceOf(WixApiError);
    expect(error.userMessage).toContain(expected);
    expect(error.userMessage).toContain(`(Wix request id req-${status})`);
  });

  it('parses field violations of a validation error', async () => {
    nock(BASE)
      .post('/items/v1/items')
      .reply(
        400,
        {
          message: 'invalid request',
          details: {
            validationError: {
              fieldViolations: [
                { field: 'emails', description: 'must not be empty', violatedRule: 'REQUIRED_FIELD', ruleName: '', data: {} },
                { field: 'role', description: 'unknown role', violatedRule: 'CUSTOM' },
              ],
            },
          },
        },
        { 'x-wix-request-id': 'req-violations' },
      );

    const error = (await write(gateway().wix).catch((thrown: unknown) => thrown)) as WixApiError;

    expect(error).toBeInstanceOf(WixApiError);
    expect(error.fieldViolations).toEqual([
      { field: 'emails', description: 'must not be empty', violatedRule: 'REQUIRED_FIELD', ruleName: '', data: {} },
      { field: 'role', description: 'unknown role', violatedRule: 'CUSTOM' },
    ]);
    expect(error.userMessage).toContain('emails: must not be empty; role: unknown role');
  });

  it('parses a non-JSON 503 body', async () => {
    nock(BASE).post('/items/v1/items').reply(503, '<html><body>Service Unavailable</body></html>', { 'content-type': 'text/html' });

    const error = (await write(gateway().wix).catch((thrown: unknown) => thrown)) as WixApiError;

    expect(error).toBeInstanceOf(WixApiError);
    expect(error.status).toBe(503);
    expect(error.applicationCode).toBeUndefined();
    expect(error.requestId).toBeNull();
    expect(error.message).toBe('Wix Create Item failed with HTTP 503, x-wix-request-id none');
    expect(error.userMessage).not.toContain('<html>');
  });
});

describe('Wix retries', () => {
  it('retries a read on 5xx with bounded exponential backoff', async () => {
    const { wix, delays } = gateway({ random: () => 1 - Number.EPSILON });
    const scope = nock(BASE)
      .get('/items/v1/items/1')
      .reply(500, { message: '', details: {} })
      .get('/items/v1/items/1')
      .reply(502, 'Bad Gateway')
      .get('/items/v1/items/1')
      .reply(504, 'Gateway Timeout')
      .get('/items/v1/items/1')
      .reply(200, { item: { id: '1', name: 'x' } });

    const result = await read(wix);

    expect(result.data.item.id).toBe('1');
    expect(scope.isDone()).toBe(true);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const { wix, delays } = gateway({ retry: { attempts: 6, baseDelayMs: 300, maxDelayMs: 1_000 }, random: () => 1 - Number.EPSILON });
    nock(BASE).get('/items/v1/items/1').times(6).reply(503, {});

    await expect(read(wix)).rejects.toBeInstanceOf(WixApiError);

    expect(delays).toEqual([300, 600, 1_000, 1_000, 1_000]);
  });

  it('applies full jitter to the backoff', async () => {
    const { wix, delays } = gateway({ random: () => 0.25 });
    nock(BASE).get('/items/v1/items/1').times(3).reply(503, {});
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } });

    await read(wix);

    expect(delays).toEqual([25, 50, 100]);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const { wix, delays } = gateway();
    nock(BASE).get('/items/v1/items/1').reply(429, {}, { 'retry-after': '2' });
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } });

    await read(wix);

    expect(delays).toEqual([2_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { wix, delays } = gateway({ now: () => now });
    nock(BASE).get('/items/v1/items/1').reply(429, {}, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' });
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } });

    await read(wix);

    expect(delays).toEqual([3_000]);
  });

  it('fails at once when Retry-After exceeds the longest wait', async () => {
    const { wix, delays } = gateway();
    nock(BASE).get('/items/v1/items/1').reply(429, {}, { 'retry-after': '3600' });

    const error = (await read(wix).catch((thrown: unknown) => thrown)) as WixApiError;

    expect(error).toBeInstanceOf(WixApiError);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(delays).toEqual([]);
  });

  it('gives up after the last attempt', async () => {
    const { wix, delays } = gateway();
    const scope = nock(BASE).get('/items/v1/items/1').times(4).reply(503, {}, { 'x-wix-request-id': 'req-last' });

    const error = (await read(wix).catch((thrown: unknown) => thrown)) as WixApiError;

    expect(error).toBeInstanceOf(WixApiError);
    expect(error.requestId).toBe('req-last');
    expect(scope.isDone()).toBe(true);
    expect(delays).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 428, 501])('does not retry a read on %i', async (status) => {
    const { wix, delays } = gateway();
    nock(BASE).get('/items/v1/items/1').reply(status, {});

    await expect(read(wix)).rejects.toBeInstanceOf(WixApiError);

    expect(delays).toEqual([]);
  });

  it.each([429, 500, 503])('never retries a write on %i', async (status) => {
    const { wix, delays } = gateway();
    const scope = nock(BASE).post('/items/v1/items').reply(status, {});

    await expect(write(wix)).rejects.toBeInstanceOf(WixApiError);

    expect(scope.isDone()).toBe(true);
    expect(delays).toEqual([]);
  });

  it('never retries a write after a network failure', async () => {
    const { wix, delays } = gateway();
    nock(BASE).post('/items/v1/items').replyWithError(networkError('ECONNRESET', 'socket hang up'));

    const error = (await write(wix).catch((thrown: unknown) => thrown)) as WixUnreachableError;

    expect(error).toBeInstanceOf(WixUnreachableError);
    expect(error.userMessage).toContain('Wix could not be reached for Create Item.');
    expect(delays).toEqual([]);
  });

  it('retries a read after a network failure', async () => {
    const { wix, delays } = gateway();
    nock(BASE).get('/items/v1/items/1').replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } });

    const result = await read(wix);

    expect(result.data.item.name).toBe('x');
    expect(delays).toHaveLength(1);
  });

  it('logs each retry with the operation and delay', async () => {
    const { wix, logs } = gateway();
    nock(BASE).get('/items/v1/items/1').reply(503, {});
    nock(BASE).get('/items/v1/items/1').reply(200, { item: { id: '1', name: 'x' } });

    await read(wix);

    const retry = logs.find('retrying Wix request');
    expect(retry).toMatchObject({ operation: 'Get Item', attempt: 1, delayMs: 50, component: 'wix' });
  });
});

describe('Wix network failures', () => {
  it('raises WixUnreachableError naming the endpoint', async () => {
    const { wix } = gateway({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    nock(BASE).get('/items/v1/items/1').times(2).replyWithError(networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND wix.test'));

    const error = (await read(wix).catch((thrown: unknown) => thrown)) as WixUnreachableError;

    expect(error).toBeInstanceOf(WixUnreachableError);
    expect(error.endpoint).toBe('Get Item');
    expect(error.message).toContain('Wix could not be reached for Get Item');
    expect(error.message).toContain('ENOTFOUND');
    expect(error.userMessage).toContain('Wix could not be reached for Get Item.');
  });
});

describe('Wix timeouts', () => {
  it('turns a timed-out write into WixUnreachableError without a retry', async () => {
    const delays: number[] = [];
    const wix = new WixHttp({
      apiKey: API_KEY,
      accountId: ACCOUNT_ID,
      baseUrl: BASE,
      logger: createLogger('silent'),
      retry: RETRY,
      timeoutMs: 50,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    nock(BASE).post('/items/v1/items').delay(1_000).reply(200, { item: { id: '1', name: 'x' } });

    const error = (await write(wix).catch((thrown: unknown) => thrown)) as WixUnreachableError;

    expect(error).toBeInstanceOf(WixUnreachableError);
    expect(error.userMessage).toContain('Wix did not answer Create Item in time.');
    expect(delays).toEqual([]);
  });
});

describe('Query Sites', () => {
  const site = (id: string) => ({ id, displayName: `Site ${id}`, namespace: 'WIX', unknownField: 1 });

  it('follows the cursor across pages and sends the namespace filter', async () => {
    const bodies: unknown[] = [];
    const scope = nock(BASE)
      .post('/site-list/v2/sites/query', (body: unknown) => {
        bodies.push(body);
        return true;
      })
      .reply(200, { sites: [site('a'), site('b')], metadata: { hasNext: true, cursors: { next: 'cursor-2' } } })
      .post('/site-list/v2/sites/query', (body: unknown) => {
        bodies.push(body);
        return true;
      })
      .reply(200, { sites: [site('c')], metadata: { hasNext: true, cursors: { next: 'cursor-3' } } })
      .post('/site-list/v2/sites/query', (body: unknown) => {
        bodies.push(body);
        return true;
      })
      .reply(200, { sites: [site('d')], metadata: { hasNext: false, cursors: { next: null } } });

    const list = await querySites(gateway().wix, { searchPhrase: 'shop' });

    expect(scope.isDone()).toBe(true);
    expect(list.sites.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(list.complete).toBe(true);
    expect(bodies[0]).toMatchObject({ query: { filter: { namespace: { $in: ALL_SITE_NAMESPACES }, searchPhrase: 'shop' }, cursorPaging: { limit: 100 } } });
    expect(ALL_SITE_NAMESPACES).toEqual(expect.arrayContaining(['WIX', 'HEADLESS']));
    expect(bodies[1]).toEqual({ query: { cursorPaging: { limit: 100, cursor: 'cursor-2' } } });
    expect(bodies[2]).toEqual({ query: { cursorPaging: { limit: 100, cursor: 'cursor-3' } } });
  });

  it('marks a list cut at max as incomplete', async () => {
    nock(BASE)
      .post('/site-list/v2/sites/query')
      .reply(200, { sites: [site('a'), site('b'), site('c')], metadata: { hasNext: true, cursors: { next: 'cursor-2' } } });

    const list = await querySites(gateway().wix, { max: 2 });

    expect(list.sites.map((s) => s.id)).toEqual(['a', 'b']);
    expect(list.complete).toBe(false);
  });
});
