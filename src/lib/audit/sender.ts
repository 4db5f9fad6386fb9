import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { AuditEvent } from './event.js';
import { backoffDelay, classifyDeliveryError, type BackoffPolicy, type DeliveryFailure } from './delivery-error.js';

/** Audit channel interface of the sender, built from a WebClient and the message view. */
export interface AuditChannel {
  /** How many of the leading events fit one message within Slack's limits (at least 1 is used). */
  fit(events: AuditEvent[]): number;
  /**
   * Posts the events as one message and returns its ts; throws the WebClient error on failure.
   * `minimal` requests a short rendering of one event after Slack refused the full one.
   */
  post(events: AuditEvent[], options: { minimal: boolean }): Promise<string | null>;
}

/** Time source and sleep, injectable so tests run retries and pacing without waiting. */
export interface SenderClock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface AuditSenderTuning {
  /** Minimum gap from the end of one post to the start of the next, because Slack allows about one message per second per channel. */
  paceMs: number;
  /** Most events read per message; Slack allows 50 blocks per message and each event is one block. */
  maxGroup: number;
  backoff: BackoffPolicy;
  /** Age of the oldest undelivered event above which the backlog is logged at error. */
  backlogAlertMs: number;
  /** Minimum gap between two backlog error lines. */
  backlogAlertEveryMs: number;
  /** How long the outbox lease lasts without renewal; another process takes over after that. */
  leaseTtlMs: number;
  /** How often a process without the lease checks whether it has expired. */
  leaseRetryMs: number;
}

export const DEFAULT_SENDER_TUNING: AuditSenderTuning = {
  paceMs: 1_000,
  maxGroup: 50,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  backlogAlertMs: 5 * 60_000,
  backlogAlertEveryMs: 5 * 60_000,
  leaseTtlMs: 30_000,
  leaseRetryMs: 5_000,
};

/** Name of the lease that lets one process, of several on one DATA_DIR, post audit events. */
export const AUDIT_OUTBOX_LEASE = 'audit-outbox';

export interface AuditSenderOptions {
  store: Store;
  channel: AuditChannel;
  logger: Logger;
  clock?: SenderClock;
  /** Wall-clock time for backlog ages and error times; the bot's `now`, so tests can set it. */
  wallClock?: () => Date;
  random?: () => number;
  tuning?: Partial<AuditSenderTuning>;
}

export type SenderState = 'not_started' | 'waiting' | 'reading' | 'standby' | 'pacing' | 'posting' | 'backoff' | 'stopped';

/** Delivery facts for `/wix audit status` and operators. Times are ISO 8601 UTC. */
export interface AuditDeliveryStatus {
  state: SenderState;
  undelivered: number;
  oldestUndeliveredSeq: number | null;
  oldestUndeliveredAt: string | null;
  oldestUndeliveredAgeMs: number | null;
  /** True when the oldest undelivered event is older than the alert threshold. */
  behind: boolean;
  lastDeliveredAt: string | null;
  lastError: { at: string; kind: DeliveryFailure['kind'] | 'store'; message: string } | null;
  nextAttemptAt: string | null;
  rateLimitedCount: number;
}

export const realClock: SenderClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Delivers stored audit events to the audit channel in sequence order, one loop per process:
 * read the oldest undelivered events, wait for the per-channel pace, post as many as fit one
 * message, then mark them delivered. Posting never happens before storing, because only stored
 * rows are read. A crash between a post and its mark posts that group again after the restart,
 * and the event id in each message makes the duplicate visible.
 */
export class AuditSender {
  private readonly tuning: AuditSenderTuning;
  private readonly clock: SenderClock;
  private readonly random: () => number;
  private readonly wallClock: () => Date;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private state: SenderState = 'not_started';
  private stopping = false;
  private wakePending = false;
  private wakeWaiter: (() => void) | null = null;
  private readonly stateWaiters: Array<{ ready: () => boolean; resolve: () => void }> = [];

  /**
   * End of the previous post. Pacing counts from the end rather than the start, because Slack
   * counts from when it received the previous message, and a slow response to it would otherwise
   * let the next post arrive inside the second.
   */
  private lastPostEndedAt = Number.NEGATIVE_INFINITY;
  private consecutiveFailures = 0;
  private lastError: AuditDeliveryStatus['lastError'] = null;
  private nextAttemptAt: number | null = null;
  private rateLimitedCount = 0;
  private lastBacklogAlertAt: number | null = null;
  /** After Slack refused a group's content, events up to this seq go one per message. */
  private singleUntilSeq = 0;
  /** After Slack refused one event's full rendering, this seq is posted in the minimal form. */
  private minimalSeq: number | null = null;
  /** Identifies this sender in the outbox lease. */
  private readonly leaseOwner = randomUUID();

  constructor(private readonly options: AuditSenderOptions) {
    this.tuning = { ...DEFAULT_SENDER_TUNING, ...options.tuning, backoff: { ...DEFAULT_SENDER_TUNING.backoff, ...options.tuning?.backoff } };
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.wallClock = options.wallClock ?? (() => new Date(this.clock.now()));
  }

  /** Starts the delivery loop; it first delivers what an earlier run left undelivered. */
  start(): void {
    if (this.loop || this.stopping) return;
    this.setState('reading');
    this.loop = this.run();
  }

  /** Tells the loop that new events are stored. Never blocks and never throws. */
  wake(): void {
    if (this.stopping) return;
    const waiter = this.wakeWaiter;
    if (waiter) {
      this.wakeWaiter = null;
      this.setState('reading');
      waiter();
    } else {
      this.wakePending = true;
    }
  }

  /** Whether the loop is reading, pacing or posting. Waiting for events or in a backoff is not busy. */
  get busy(): boolean {
    return this.state === 'reading' || this.state === 'pacing' || this.state === 'posting';
  }

  /** Resolves when the loop is not busy (see `busy`). */
  idle(): Promise<void> {
    return this.until(() => !this.busy);
  }

  /** Resolves when every stored event is delivered or the sender stops; it waits through backoffs. */
  drained(): Promise<void> {
    this.wake();
    return this.until(() => this.state === 'waiting' || this.state === 'stopped' || this.state === 'not_started');
  }

  /** Stops the loop: a post in flight finishes and is marked, sleeps end at once, nothing new starts. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    waiter?.();
    await this.loop;
    this.setState('stopped');
  }

  status(): AuditDeliveryStatus {
    const audit = this.options.store.audit;
    const oldest = audit.oldestUndelivered();
    const now = this.wallClock().getTime();
    const ageMs = oldest ? Math.max(0, now - Date.parse(oldest.occurredAt)) : null;
    return {
      state: this.state,
      undelivered: audit.countUndelivered(),
      oldestUndeliveredSeq: oldest?.seq ?? null,
      oldestUndeliveredAt: oldest?.occurredAt ?? null,
      oldestUndeliveredAgeMs: ageMs,
      behind: ageMs !== null && ageMs > this.tuning.backlogAlertMs,
      lastDeliveredAt: audit.lastDeliveredAt(),
      lastError: this.lastError,
      nextAttemptAt: this.state === 'backoff' && this.nextAttemptAt !== null ? new Date(now + Math.max(0, this.nextAttemptAt - this.clock.now())).toISOString() : null,
      rateLimitedCount: this.rateLimitedCount,
    };
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    logger.info({ paceMs: this.tuning.paceMs }, 'audit sender started');
    while (!this.stopping) {
      try {
        await this.step();
      } catch (error) {
        // Post failures are handled in deliver; this is the store failing (disk full, file locked).
        logger.error({ err: error }, 'audit sender failed; will retry');
        await this.backOff({ kind: 'transient', message: `store access failed: ${(error as Error).message}` }, 'store');
      }
    }
    this.releaseLease();
    this.setState('stopped');
    logger.info({ undelivered: this.safeCount() }, 'audit sender stopped');
  }

  /** Runs one pass: reads the oldest undelivered events, waits for the pace, posts one group. */
  private async step(): Promise<void> {
    this.setState('reading');
    this.wakePending = false;
    let batch = this.options.store.audit.undelivered(this.tuning.maxGroup);
    if (batch.length === 0) {
      this.checkBacklog();
      await this.waitForWake();
      return;
    }
    if (!this.holdLease()) {
      // Another bot process on this store delivers; this one waits in case that one stops.
      this.setState('standby');
      await this.clock.sleep(this.tuning.leaseRetryMs, this.abort.signal);
      return;
    }
    if (await this.pace()) {
      if (this.stopping) return;
      // Events stored during the wait join this message instead of waiting for the next one.
      batch = this.options.store.audit.undelivered(this.tuning.maxGroup);
      if (batch.length === 0) return;
    }
    await this.deliver(batch);
    this.checkBacklog();
  }

  private async deliver(batch: AuditEvent[]): Promise<void> {
    const group = this.chooseGroup(batch);
    const first = group[0] as AuditEvent;
    const last = group[group.length - 1] as AuditEvent;
    const minimal = this.minimalSeq === first.seq;
    this.setState('posting');
    let ts: string | null;
    try {
      ts = await this.options.channel.post(group, { minimal });
    } catch (error) {
      this.lastPostEndedAt = this.clock.now();
      await this.handleFailure(classifyDeliveryError(error), group, error);
      return;
    }
    this.lastPostEndedAt = this.clock.now();
    try {
      this.options.store.audit.markDelivered(
        group.map((event) => event.seq),
        ts,
      );
    } catch (error) {
      // The message is in Slack but not marked, so the next pass posts it again (a visible duplicate).
      this.options.logger.error({ err: error, firstSeq: first.seq, lastSeq: last.seq }, 'audit events posted but not marked delivered');
      throw error;
    }
    if (minimal) this.minimalSeq = null;
    if (this.consecutiveFailures > 0) this.options.logger.info({ firstSeq: first.seq, failures: this.consecutiveFailures }, 'audit delivery recovered');
    this.consecutiveFailures = 0;
    this.options.logger.debug({ firstSeq: first.seq, lastSeq: last.seq, count: group.length, ts }, 'audit events delivered');
  }

  private chooseGroup(batch: AuditEvent[]): AuditEvent[] {
    const first = batch[0] as AuditEvent;
    if (first.seq <= this.singleUntilSeq || this.minimalSeq === first.seq) return [first];
    const fits = this.options.channel.fit(batch);
    return batch.slice(0, Math.max(1, Math.min(fits, batch.length)));
  }

  private async handleFailure(failure: DeliveryFailure, group: AuditEvent[], error: unknown): Promise<void> {
    const { logger } = this.options;
    const first = group[0] as AuditEvent;
    const last = group[group.length - 1] as AuditEvent;
    const ids = { firstSeq: first.seq, lastSeq: last.seq, count: group.length };

    if (failure.kind === 'content' && group.length > 1) {
      // One of the events makes the message too big or invalid; retry them one per message.
      this.singleUntilSeq = last.seq;
      logger.warn({ ...ids, code: failure.code }, 'audit message rejected; posting events one by one');
      this.recordError(failure);
      return;
    }
    if (failure.kind === 'content' && this.minimalSeq !== first.seq) {
      this.minimalSeq = first.seq;
      logger.error({ ...ids, code: failure.code }, 'audit event rejected by Slack; posting its minimal form');
      this.recordError(failure);
      return;
    }
    if (failure.kind === 'rate_limited') {
      this.rateLimitedCount += 1;
      logger.warn({ ...ids, retryAfterMs: failure.retryAfterMs }, 'audit post rate limited; waiting for Retry-After');
    } else if (failure.kind === 'transient') {
      logger.warn({ ...ids, err: error, failures: this.consecutiveFailures + 1 }, 'audit post failed; will retry');
    } else {
      logger.error({ ...ids, err: error, reason: failure.message, failures: this.consecutiveFailures + 1 }, 'audit post rejected by Slack; will retry');
    }
    await this.backOff(failure, failure.kind);
  }

  private async backOff(failure: DeliveryFailure, kind: DeliveryFailure['kind'] | 'store'): Promise<void> {
    this.recordError(failure, kind);
    let waitMs: number;
    if (failure.kind === 'rate_limited') {
      waitMs = Math.max(failure.retryAfterMs, this.tuning.paceMs);
    } else {
      this.consecutiveFailures += 1;
      waitMs = backoffDelay(this.consecutiveFailures, this.tuning.backoff, this.random);
    }
    this.nextAttemptAt = this.clock.now() + waitMs;
    this.setState('backoff');
    await this.clock.sleep(waitMs, this.abort.signal);
    this.nextAttemptAt = null;
  }

  private recordError(failure: DeliveryFailure, kind: DeliveryFailure['kind'] | 'store' = failure.kind): void {
    this.lastError = { at: this.wallClock().toISOString(), kind, message: failure.message };
  }

  /** Waits until the pace allows the next post; returns whether it waited. */
  private async pace(): Promise<boolean> {
    const waitMs = this.lastPostEndedAt + this.tuning.paceMs - this.clock.now();
    if (waitMs <= 0) return false;
    this.setState('pacing');
    await this.clock.sleep(waitMs, this.abort.signal);
    return true;
  }

  private waitForWake(): Promise<void> {
    if (this.wakePending || this.stopping) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.wakeWaiter = resolve;
      this.setState('waiting');
    });
  }

  /** Logs a backlog older than the alert threshold at error, at most once per alert interval. */
  private checkBacklog(): void {
    const oldest = this.options.store.audit.oldestUndelivered();
    const ageMs = oldest ? this.wallClock().getTime() - Date.parse(oldest.occurredAt) : 0;
    if (!oldest || !(ageMs > this.tuning.backlogAlertMs)) {
      this.lastBacklogAlertAt = null;
      return;
    }
    const now = this.clock.now();
    if (this.lastBacklogAlertAt !== null && now - this.lastBacklogAlertAt < this.tuning.backlogAlertEveryMs) return;
    this.lastBacklogAlertAt = now;
    this.options.logger.error(
      {
        undelivered: this.options.store.audit.countUndelivered(),
        oldestSeq: oldest.seq,
        oldestAgeSeconds: Math.round(ageMs / 1000),
        lastError: this.lastError?.message,
      },
      'audit delivery is behind',
    );
  }

  /** Takes or renews the outbox lease. A store failure throws, and the run loop backs off. */
  private holdLease(): boolean {
    return this.options.store.leases.acquire(AUDIT_OUTBOX_LEASE, this.leaseOwner, this.clock.now(), this.tuning.leaseTtlMs);
  }

  private releaseLease(): void {
    try {
      this.options.store.leases.release(AUDIT_OUTBOX_LEASE, this.leaseOwner);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'audit outbox lease release failed; it expires by itself');
    }
  }

  private safeCount(): number | undefined {
    try {
      return this.options.store.audit.countUndelivered();
    } catch {
      return undefined;
    }
  }

  private until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve) => this.stateWaiters.push({ ready, resolve }));
  }

  private setState(state: SenderState): void {
    this.state = state;
    for (let i = this.stateWaiters.length - 1; i >= 0; i--) {
      const waiter = this.stateWaiters[i] as { ready: () => boolean; resolve: () => void };
      if (waiter.ready()) {
        this.stateWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
