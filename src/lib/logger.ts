import { pino, type Logger, type DestinationStream } from 'pino';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

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

/** Creates the one root logger of the process. Tests pass a destination stream to read lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'wix-team-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
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
    const err = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    if (err) this.base[method]({ err }, text || err.message);
    else this.base[method](text);
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
