/**
 * Typed errors with stable codes. Every failure that can reach a Slack user is a BotError, so the
 * one error mapper in the handlers can turn it into a reply without reading messages or stacks.
 */

export type BotErrorCode =
  | 'config_invalid'
  | 'startup_failed'
  | 'usage'
  | 'input_invalid'
  | 'not_found'
  | 'ambiguous'
  | 'policy_denied'
  | 'identity_rejected'
  | 'wix_api'
  | 'wix_unexpected_response'
  | 'wix_unreachable'
  | 'slack_api'
  | 'approval_conflict'
  | 'approval_rejected'
  | 'internal';

export interface BotErrorOptions {
  /** Text that is safe to show to the Slack user (plain words, no secrets, no Wix bodies). */
  userMessage?: string;
  cause?: unknown;
}

export class BotError extends Error {
  readonly code: BotErrorCode;
  readonly userMessage: string;

  constructor(code: BotErrorCode, message: string, options: BotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = options.userMessage ?? message;
  }
}

/** A start-up problem an operator must fix, such as a missing variable or an invalid policy file. */
export class ConfigError extends BotError {
  constructor(message: string, options: BotErrorOptions = {}) {
    super('config_invalid', message, options);
  }
}

/** The command text does not match the subcommand's syntax; `usage` is shown with the message. */
export class UsageError extends BotError {
  readonly usage: string;

  constructor(message: string, usage: string) {
    super('usage', message);
    this.usage = usage;
  }
}

/** A field of a modal or an argument is invalid. `fields` maps a modal block_id to its message. */
export class InputError extends BotError {
  readonly fields: Record<string, string>;

  constructor(message: string, fields: Record<string, string> = {}) {
    super('input_invalid', message);
    this.fields = fields;
  }
}

export class NotFoundError extends BotError {
  readonly candidates: string[];

  constructor(message: string, candidates: string[] = []) {
    super('not_found', message);
    this.candidates = candidates;
  }
}

export class AmbiguousError extends BotError {
  readonly candidates: string[];

  constructor(message: string, candidates: string[]) {
    super('ambiguous', message);
    this.candidates = candidates;
  }
}

/** The policy file or the identity checks do not allow this user to do this. */
export class PolicyDeniedError extends BotError {
  constructor(message: string) {
    super('policy_denied', message);
  }
}

export interface WixFieldViolation {
  field: string;
  description: string;
  violatedRule?: string;
}

export interface WixErrorDetails {
  endpoint: string;
  status: number;
  requestId: string | null;
  applicationCode?: string;
  description?: string;
  fieldViolations?: WixFieldViolation[];
  /** Wait asked for by a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
}

/** Wix responded with a non-2xx status. Carries everything Wix support requests. */
export class WixApiError extends BotError {
  readonly endpoint: string;
  readonly status: number;
  readonly requestId: string | null;
  readonly applicationCode: string | undefined;
  readonly description: string | undefined;
  readonly fieldViolations: WixFieldViolation[];
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: WixErrorDetails, userMessage?: string) {
    super('wix_api', message, { userMessage: userMessage ?? message });
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.requestId = details.requestId;
    this.applicationCode = details.applicationCode;
    this.description = details.description;
    this.fieldViolations = details.fieldViolations ?? [];
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Wix responded 2xx but the body does not match the documented shape. */
export class WixUnexpectedResponseError extends BotError {
  readonly endpoint: string;
  readonly status: number;
  readonly requestId: string | null;

  constructor(endpoint: string, status: number, requestId: string | null, problem: string) {
    const message = `Unexpected response from Wix ${endpoint} (status ${status}, x-wix-request-id ${requestId ?? 'none'}): ${problem}`;
    super('wix_unexpected_response', message);
    this.endpoint = endpoint;
    this.status = status;
    this.requestId = requestId;
  }
}

/** Wix could not be reached at all (DNS, refused connection, timeout). */
export class WixUnreachableError extends BotError {
  readonly endpoint: string;

  constructor(endpoint: string, cause: unknown) {
    super('wix_unreachable', `Wix could not be reached for ${endpoint}: ${describeCause(cause)}`, {
      cause,
      userMessage: `${isTimeout(cause) ? `Wix did not answer ${endpoint} in time` : `Wix could not be reached for ${endpoint}`}. Try again in a minute; if it keeps failing, ask an operator to check the bot logs.`,
    });
    this.endpoint = endpoint;
  }
}

/** Returns true when a fetch failed because its AbortSignal.timeout ran out, which Node reports as a TimeoutError. */
function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && cause.name === 'TimeoutError';
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}

/** Wraps any throwable once, so callers handle a single error shape. */
export function asBotError(error: unknown): BotError {
  if (error instanceof BotError) return error;
  return new BotError('internal', error instanceof Error ? error.message : String(error), {
    cause: error,
    userMessage: 'Something went wrong inside the bot. The error is logged; ask an operator to check the logs.',
  });
}
