import { pino, type Logger, type DestinationStream } from 'pino';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { currentRequestLogger } from './request-context.js';

/**
 * Paths whose values must never reach a log line. Listed explicitly (not as wildcards) because
 * pino compiles them once and explicit paths are cheaper and easier to review.
 */
export const REDACTED_PATHS = [
  'config.slack.botToken',
  'config.slack.signingSecret',
  'config.slack.appToken',
  'config.wix.apiKey',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'responseUrl',
  'response_url',
  'body.response_url',
  'body.token',
  'payload.response_url',
  'command.response_url',
];

const CENSOR = '[redacted]';

/**
 * Secrets recognisable by their shape: Slack tokens (xoxb-, xoxp-, xapp- …), bearer credentials
 * and response URLs (hooks.slack.com, or any hooks.slack.* host of a simulator). Paths cannot
 * reach them when a library writes them into the message text.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, CENSOR],
  [/\bxapp-[A-Za-z0-9-]+/g, CENSOR],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, `$1 ${CENSOR}`],
  [/https?:\/\/hooks\.slack[\w.-]*(?::\d+)?\/[^\s"'<>]*/g, CENSOR],
];

/** Replaces token-shaped substrings of a log message with the censor value. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** Creates the one root logger of the process. Tests pass a destination stream to read lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'wix-team-bot' },
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        // Message strings are scrubbed too, because libraries (Bolt, the Slack SDK) log text
        // that redaction paths cannot see.
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/**
 * Adapts pino to Bolt's Logger interface. Bolt and the Slack SDK call it with strings, Error objects
 * and (message, error) pairs, so an Error is lifted into pino's `err` field.
 */
export class BoltPinoLogger implements BoltLogger {
  private level: LogLevel;

  constructor(private readonly base: Logger) {
    this.level = toBoltLevel(base.level);
  }

  debug(...parts: unknown[]): void {
    this.emit('debug', parts);
  }

  info(...parts: unknown[]): void {
    this.emit('info', parts);
  }

  warn(...parts: unknown[]): void {
    this.emit('warn', parts);
  }

  error(...parts: unknown[]): void {
    this.emit('error', parts);
  }

  setLevel(level: LogLevel): void {
    // The root level is set from LOG_LEVEL; Bolt may only make it more verbose, never silence it.
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(_name: string): void {
    // Bolt names its logger "bolt-app"; our lines are already bound to component: slack.
  }

  private emit(method: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]): void {
    const found = parts.find((part): part is Error => part instanceof Error);
    // The SDK's error messages can quote a request, so the message and stack are scrubbed too.
    const err = found ? Object.assign(Object.create(Object.getPrototypeOf(found) as object) as Error, found, { message: scrubSecrets(found.message), stack: scrubSecrets(found.stack ?? '') }) : undefined;
    const text = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    // Calls made while handling a Slack request log with that request's id.
    const request = currentRequestLogger();
    const target = request ? request.child({ component: this.base.bindings().component as string | undefined }) : this.base;
    if (err) target[method]({ err }, text || err.message);
    else target[method](text);
  }
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'warn') return LogLevel.WARN;
  if (level === 'error' || level === 'fatal' || level === 'silent') return LogLevel.ERROR;
  return LogLevel.INFO;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
