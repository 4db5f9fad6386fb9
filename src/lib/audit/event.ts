import { createHash } from 'node:crypto';

/** The actor of an event: a Slack user from a signed payload, or the bot itself (start, stop, expiry). */
export type AuditActor = { kind: 'user'; teamId: string; userId: string } | { kind: 'system' };

/** A Wix or Slack object an event is about, with the name shown at the time. */
export interface AuditTarget {
  type: 'site' | 'member' | 'invite' | 'email' | 'role' | 'account' | 'domain' | 'request' | 'policy' | 'bot';
  id: string;
  name?: string;
}

export type AuditOutcome =
  | 'succeeded'
  | 'partially_succeeded'
  | 'failed'
  | 'refused'
  | 'requested'
  | 'approved'
  | 'denied'
  | 'cancelled'
  | 'expired'
  | 'executing'
  | 'unknown'
  | 'info';

/** The input a caller records. Everything in it is stored and covered by the hash. */
export interface AuditEventInput {
  actor: AuditActor;
  /** Dotted action name such as `invite.create`, `approval.approve`, `command.refused`, `bot.start`. */
  action: string;
  targets: AuditTarget[];
  outcome: AuditOutcome;
  /** Parameters, reason and other facts; rendered as key/value lines. */
  details?: Record<string, unknown>;
  approvalId?: string;
  wixRequestId?: string;
}

/** An event as stored: the input plus its place in the hash chain. */
export interface AuditEvent extends Required<Omit<AuditEventInput, 'approvalId' | 'wixRequestId'>> {
  seq: number;
  eventId: string;
  occurredAt: string;
  approvalId: string | null;
  wixRequestId: string | null;
  prevHash: string;
  hash: string;
  deliveredAt: string | null;
  deliveryTs: string | null;
}

/** Hash that the first event of a store points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical form that is hashed: every stored field except the hash itself and the delivery
 * state, with object keys sorted, so that the same event always gives the same bytes.
 */
export function canonicalEvent(event: Omit<AuditEvent, 'hash' | 'deliveredAt' | 'deliveryTs'>): string {
  return stableStringify({
    seq: event.seq,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    action: event.action,
    targets: event.targets,
    outcome: event.outcome,
    details: event.details,
    approvalId: event.approvalId,
    wixRequestId: event.wixRequestId,
    prevHash: event.prevHash,
  });
}

export function hashEvent(event: Omit<AuditEvent, 'hash' | 'deliveredAt' | 'deliveryTs'>): string {
  return createHash('sha256').update(canonicalEvent(event)).digest('hex');
}

/** JSON with object keys sorted at every level; undefined values are dropped as JSON.stringify does. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = sortKeys(inner);
    }
    return out;
  }
  return value;
}
