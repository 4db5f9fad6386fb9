import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { AuditEvent } from './event.js';

/** Posts a message to the audit channel and returns its ts; throws on any failure. */
export type AuditPoster = (events: AuditEvent[]) => Promise<string | null>;

export interface AuditSenderOptions {
  store: Store;
  post: AuditPoster;
  logger: Logger;
  /** Events per message when a backlog exists. */
  batchSize?: number;
  /** Wait after a failed post before trying again. */
  retryDelayMs?: number;
}

/**
 * Delivers stored audit events to Slack in sequence order: read undelivered, post, mark delivered.
 * A crash between post and mark may post an event twice (the event id in the message shows it);
 * an event is never posted before it is stored.
 */
export class AuditSender {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AuditSenderOptions) {}

  /** Starts a delivery pass unless one is running; a running pass picks up new events itself. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Whether a delivery pass is running. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when the current pass (if any) has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    const { store, post, logger } = this.options;
    const batchSize = this.options.batchSize ?? 10;
    for (;;) {
      if (this.stopped) return;
      const events = store.audit.undelivered(batchSize);
      if (events.length === 0) return;
      try {
        const ts = await post(events);
        store.audit.markDelivered(
          events.map((event) => event.seq),
          ts,
        );
      } catch (error) {
        logger.error({ err: error, firstSeq: events[0]?.seq, count: events.length }, 'audit delivery failed; will retry');
        this.scheduleRetry();
        return;
      }
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, this.options.retryDelayMs ?? 5_000);
    this.timer.unref();
  }
}
