import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyDeliveryError } from '../../../src/lib/audit/delivery-error.js';

describe('classifyDeliveryError', () => {
  const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

  it.each([
    ['a 429', new WebAPIRateLimitedError(12), { kind: 'rate_limited', retryAfterMs: 12_000 }],
    ['ok:false ratelimited', new WebAPIPlatformError({ ok: false, error: 'ratelimited' }), { kind: 'rate_limited', retryAfterMs: 1_000 }],
    ['a 503', new WebAPIHTTPError(503, 'Service Unavailable', {}, ''), { kind: 'transient', message: 'Slack responded with HTTP 503' }],
    ['a timeout', new WebAPIRequestError(timeout), { kind: 'transient', message: 'the request to Slack timed out' }],
    ['a reset socket', new WebAPIRequestError(new Error('socket hang up')), { kind: 'transient', message: 'Slack could not be reached (socket hang up)' }],
    ['invalid blocks', new WebAPIPlatformError({ ok: false, error: 'invalid_blocks' }), { kind: 'content', code: 'invalid_blocks' }],
    ['a missing channel', new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }), { kind: 'rejected', code: 'channel_not_found' }],
    ['an unknown error', new Error('boom'), { kind: 'transient', message: 'boom' }],
  ])('classifies %s', (_case, error, expected) => {
    expect(classifyDeliveryError(error)).toMatchObject(expected);
  });
});

describe('backoffDelay', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the ceiling up to the bound', () => {
    expect([1, 2, 3, 6, 7, 50].map((failures) => backoffDelay(failures, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 32_000, 60_000, 60_000]);
  });

  it('waits at least half the ceiling', () => {
    expect([1, 2, 7].map((failures) => backoffDelay(failures, policy, () => 0))).toEqual([500, 1_000, 30_000]);
  });
});
