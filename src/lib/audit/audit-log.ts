import type { Store } from '../store/index.js';
import type { AuditEvent, AuditEventInput } from './event.js';
import type { AuditDeliveryStatus } from './sender.js';

/**
 * Records audit events in the store. Callers that change state append with
 * `store.audit.append` inside their own `store.transaction` and then call `notify`; callers
 * with no state change use `record`. Delivery to Slack happens later, in the outbox sender.
 */
export class AuditLog {
  private readonly listeners: Array<() => void> = [];
  private statusSource: (() => AuditDeliveryStatus) | null = null;

  constructor(private readonly store: Store) {}

  record(input: AuditEventInput): AuditEvent {
    const event = this.store.transaction(() => this.store.audit.append(input));
    this.notify();
    return event;
  }

  /** Wakes the sender after a commit; never called before the event is stored. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  onRecorded(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Connects the outbox sender whose state `deliveryStatus` reports. */
  setDeliveryStatusSource(source: () => AuditDeliveryStatus): void {
    this.statusSource = source;
  }

  /** Delivery facts for `/wix audit status`; from the store alone when no sender is connected. */
  deliveryStatus(now: Date = new Date()): AuditDeliveryStatus {
    if (this.statusSource) return this.statusSource();
    const oldest = this.store.audit.oldestUndelivered();
    const ageMs = oldest ? Math.max(0, now.getTime() - Date.parse(oldest.occurredAt)) : null;
    return {
      state: 'not_started',
      undelivered: this.store.audit.countUndelivered(),
      oldestUndeliveredSeq: oldest?.seq ?? null,
      oldestUndeliveredAt: oldest?.occurredAt ?? null,
      oldestUndeliveredAgeMs: ageMs,
      behind: false,
      lastDeliveredAt: this.store.audit.lastDeliveredAt(),
      lastError: null,
      nextAttemptAt: null,
      rateLimitedCount: 0,
    };
  }
}
