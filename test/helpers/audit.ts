import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import type { AuditEventInput } from '../../src/lib/audit/event.js';
import type { SenderClock } from '../../src/lib/audit/sender.js';
import { BoltPinoLogger, createLogger } from '../../src/lib/logger.js';
import { Store } from '../../src/lib/store/index.js';
import { LogCapture } from './logs.js';

/** A store in a fresh temporary DATA_DIR. */
export function tempStore(now?: () => Date): { store: Store; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-audit-'));
  return { store: new Store({ dataDir, ...(now ? { now } : {}) }), dataDir };
}

/** Appends `count` events, each in its own transaction as callers do. */
export function seedEvents(store: Store, count: number, make: (index: number) => Partial<AuditEventInput> = () => ({})): void {
  for (let i = 0; i < count; i++) {
    store.transaction(() =>
      store.audit.append({
        actor: { kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' },
        action: 'invite.create',
        targets: [{ type: 'email', id: `person${i}@example.com` }],
        outcome: 'succeeded',
        details: { role: 'Website Manager', index: i },
        ...make(i),
      }),
    );
  }
}

/**
 * A clock whose sleeps return at once and move virtual time forward, so retries, Retry-After
 * waits and pacing run instantly and the test reads back every wait the sender asked for.
 */
export class VirtualClock implements SenderClock {
  readonly sleeps: number[] = [];
  private time: number;

  constructor(start = Date.parse('2026-12-04T12:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  date(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
}

/** The audit sender's WebClient as src/app.ts builds it: no retries, 429 thrown at once. */
export function auditWebClient(slackApiUrl: string, timeout = 10_000): WebClient {
  return new WebClient('xoxb-test-bot-token', {
    slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout,
    logger: new BoltPinoLogger(createLogger('silent')),
  });
}

/** A pino logger into memory for the sender under test. */
export function captureLogger(): { logs: LogCapture; logger: ReturnType<typeof createLogger> } {
  const logs = new LogCapture();
  return { logs, logger: createLogger('debug', logs) };
}
