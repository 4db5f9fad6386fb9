import type { AuditLog } from '../audit/audit-log.js';
import type { Store } from '../store/index.js';
import type { PickerIndexes } from './indexes.js';

/** Outcomes after which Wix may have changed; "unknown" means a write may have gone through. */
const CHANGE_OUTCOMES = new Set(['succeeded', 'partially_succeeded', 'unknown']);

/** Actions that never change Wix: the bot's own life cycle and refused commands. */
const NON_CHANGE_PREFIXES = ['bot.', 'command.'];

/**
 * Marks every picker index stale after the bot changes Wix, so that the next search refreshes it.
 * Every change the bot makes is recorded as an audit event, so the audit log's notification reaches
 * them all, whichever command made them. Marking an index stale costs no Wix call by itself.
 */
export function invalidatePickersOnChanges(audit: AuditLog, store: Store, indexes: PickerIndexes): void {
  let lastSeq = store.audit.query({ limit: 1 })[0]?.seq ?? 0;
  audit.onRecorded(() => {
    const fresh = store.audit.query({ limit: 50 }).filter((event) => event.seq > lastSeq);
    if (fresh.length === 0) return;
    lastSeq = Math.max(...fresh.map((event) => event.seq));
    const changed = fresh.some((event) => CHANGE_OUTCOMES.has(event.outcome) && !NON_CHANGE_PREFIXES.some((prefix) => event.action.startsWith(prefix)));
    if (!changed) return;
    indexes.sites.invalidate();
    indexes.members.invalidate();
    indexes.accounts.invalidate();
    indexes.roles.invalidate();
  });
}
