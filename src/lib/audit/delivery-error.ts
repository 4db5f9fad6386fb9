import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';

/**
 * Failure kind of a post, which decides the sender's next step:
 * - `rate_limited`: wait `retryAfterMs` (Slack's Retry-After), then post again;
 * - `transient`: 5xx, network error or timeout, so back off exponentially and post again;
 * - `content`: Slack rejected the message itself (blocks or size), so post fewer events, then a
 *   minimal rendering;
 * - `rejected`: Slack refused the call (channel not found, bot not in channel, token revoked),
 *   which an operator must fix, so back off and keep the events.
 */
export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'transient'; message: string }
  | { kind: 'content'; code: string; message: string }
  | { kind: 'rejected'; code: string; message: string };

/** Slack error codes that mean the message body was refused, not the call. */
const CONTENT_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'too_many_attachments', 'invalid_attachments']);

/** Operator hints for Slack error codes that stop delivery until someone fixes the setup. */
const OPERATOR_HINTS: Record<string, string> = {
  channel_not_found: 'AUDIT_CHANNEL_ID does not name a channel the bot can see; check the ID',
  not_in_channel: 'the bot is not a member of the audit channel; invite it',
  is_archived: 'the audit channel is archived; unarchive it or set another AUDIT_CHANNEL_ID',
  invalid_auth: 'SLACK_BOT_TOKEN is no longer valid; reinstall the app',
  token_revoked: 'SLACK_BOT_TOKEN was revoked; reinstall the app',
  account_inactive: 'the bot user was deactivated; reinstall the app',
  missing_scope: 'the app lacks the chat:write scope; reinstall it from manifest.yml',
};

/** Maps an error thrown by `WebClient` (retries off, `rejectRateLimitedCalls` on) to a failure kind. */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  if (error instanceof WebAPIRateLimitedError) {
    return { kind: 'rate_limited', retryAfterMs: Math.max(0, error.retryAfter) * 1000, message: `rate limited by Slack (Retry-After ${error.retryAfter} s)` };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000, message: 'rate limited by Slack (ratelimited)' };
    if (CONTENT_ERRORS.has(code)) return { kind: 'content', code, message: `Slack rejected the message: ${code}` };
    const hint = OPERATOR_HINTS[code];
    return { kind: 'rejected', code, message: hint ? `Slack rejected the post: ${code} (${hint})` : `Slack rejected the post: ${code}` };
  }
  if (error instanceof WebAPIHTTPError) {
    return { kind: 'transient', message: `Slack responded with HTTP ${error.statusCode}` };
  }
  if (error instanceof WebAPIRequestError) {
    const original = error.original;
    const timedOut = original.name === 'TimeoutError' || original.name === 'AbortError';
    return { kind: 'transient', message: timedOut ? 'the request to Slack timed out' : `Slack could not be reached (${original.message})` };
  }
  return { kind: 'transient', message: error instanceof Error ? error.message : String(error) };
}

export interface BackoffPolicy {
  /** Wait after the first failure, in milliseconds. */
  baseMs: number;
  /** Upper bound of any wait, in milliseconds. */
  maxMs: number;
}

/**
 * Exponential backoff with jitter: the ceiling doubles per consecutive failure up to `maxMs`, and
 * the wait is drawn from the upper half of it, so several bots never retry in step while each
 * still waits at least half the ceiling.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
