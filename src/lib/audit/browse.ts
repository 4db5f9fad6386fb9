import { z } from 'zod';
import type { Store } from '../store/index.js';
import type { AuditEvent } from './event.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Page state of `/wix audit`: page size, filters and an optional cursor. It is also the value of
 * the Older and Newer buttons, so it contains only short fields and is parsed again on click.
 */
export const auditPageStateSchema = z.strictObject({
  /** Events per page as requested; a page may show fewer when they would not fit one message. */
  n: z.number().int().min(1).max(MAX_PAGE_SIZE),
  /** Show events older than this seq. */
  before: z.number().int().positive().optional(),
  /** Show events newer than this seq. */
  after: z.number().int().nonnegative().optional(),
  user: z.string().regex(/^[UW][A-Z0-9]{2,30}$/).optional(),
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/).max(100).optional(),
  /** ISO time in UTC. */
  since: z.iso.datetime().optional(),
});

export type AuditPageState = z.infer<typeof auditPageStateSchema>;

export interface AuditPage {
  state: AuditPageState;
  /** Newest first, as shown. */
  events: AuditEvent[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * Reads one page of events for `/wix audit`. `fit` returns how many of the given events fit one
 * message. The page keeps the events closest to the cursor, so paging never skips an event.
 */
export function readAuditPage(store: Store, state: AuditPageState, fit: (events: AuditEvent[]) => number): AuditPage {
  const filters = { ...(state.user ? { userId: state.user } : {}), ...(state.action ? { action: state.action } : {}), ...(state.since ? { since: state.since } : {}) };
  const forward = state.after !== undefined && state.before === undefined;
  const cursor = forward ? { afterSeq: state.after } : state.before !== undefined ? { beforeSeq: state.before } : {};

  // One extra row shows whether more events lie beyond this page.
  const fetched = store.audit.query({ ...filters, ...cursor, limit: state.n + 1 });
  if (forward && fetched.length === 0) {
    // Nothing is newer than the cursor any more, so show the newest page instead of an empty one.
    const { after: _after, ...newest } = state;
    return readAuditPage(store, newest, fit);
  }
  const closestFirst = forward ? [...fetched].reverse() : fetched;
  const candidates = closestFirst.slice(0, state.n);
  const count = candidates.length === 0 ? 0 : Math.max(1, Math.min(candidates.length, fit(candidates)));
  const shown = candidates.slice(0, count);
  const events = forward ? [...shown].reverse() : shown;

  const newest = events[0];
  const oldest = events[events.length - 1];
  const beyond = fetched.length > count;
  const hasOlder = forward ? oldest !== undefined && store.audit.query({ ...filters, beforeSeq: oldest.seq, limit: 1 }).length > 0 : beyond;
  const hasNewer = forward ? beyond : newest !== undefined && store.audit.query({ ...filters, afterSeq: newest.seq, limit: 1 }).length > 0;
  return { state, events, hasOlder, hasNewer };
}
