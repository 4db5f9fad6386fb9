import type { Store } from '../store/index.js';
import type { AuditEvent, AuditEventInput } from './event.js';

/**
 * Records audit events in the store. Callers that change state append with
 * `store.audit.append` inside their own `store.transaction` and then call `notify`; callers
 * with no state change use `record`. Delivery to Slack happens later, in the outbox sender.
 */
export class AuditLog {
  private readonly listeners: Array<() => void> = [];

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
}
