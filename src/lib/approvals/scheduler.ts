import type { Logger } from 'pino';

const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Longest wait between two reads of the next deadline. Another bot process on the same store may
 * add a request with an earlier deadline, and this process would not know of it otherwise.
 */
const MAX_WAIT_MS = 5 * 60_000;

export interface ExpirySchedulerOptions {
  /** The earliest deadline of a pending request, or null when none is pending. */
  nextDeadline: () => Date | null;
  /** Expires every request whose deadline has passed. */
  expireDue: () => Promise<void>;
  now: () => Date;
  logger: Logger;
}

/**
 * Expires pending requests at their deadline even without a click. One timer waits for the next
 * deadline (read again at least every 5 minutes) and is re-armed after each run and whenever a
 * request is added. A sweep at start-up expires deadlines that passed while the bot was down.
 * Uses the global timers, so tests can fake them.
 */
export class ExpiryScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: ExpirySchedulerOptions) {}

  /** Sweeps once, then keeps a timer for the next deadline. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.fire();
  }

  /** Re-arms the timer after the set of pending requests changed. */
  reschedule(minDelayMs = 0): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deadline = this.options.nextDeadline() ?? new Date(this.options.now().getTime() + MAX_WAIT_MS);
    const delay = Math.min(MAX_WAIT_MS, Math.max(minDelayMs, deadline.getTime() - this.options.now().getTime()));
    this.timer = setTimeout(() => void this.fire(), delay);
    this.timer.unref?.();
  }

  /** Waits for a sweep in progress; used at shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async fire(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      // After a failed sweep, wait before the next try so a past deadline cannot spin the timer.
      let retryDelayMs = 0;
      try {
        await this.options.expireDue();
      } catch (error) {
        this.options.logger.error({ err: error }, 'approval expiry sweep failed');
        retryDelayMs = RETRY_AFTER_FAILURE_MS;
      } finally {
        this.running = null;
      }
      this.reschedule(retryDelayMs);
    })();
    return this.running;
  }
}
