import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './database.js';
import { GENESIS_HASH, hashEvent, type AuditActor, type AuditEvent, type AuditEventInput } from '../audit/event.js';

interface AuditRow {
  seq: number;
  event_id: string;
  occurred_at: string;
  actor_team_id: string | null;
  actor_user_id: string | null;
  action: string;
  targets: string;
  outcome: string;
  details: string;
  approval_id: string | null;
  wix_request_id: string | null;
  prev_hash: string;
  hash: string;
  delivered_at: string | null;
  delivery_ts: string | null;
}

export interface AuditQuery {
  limit: number;
  /** Only events with seq below this (for paging backwards from the newest). */
  beforeSeq?: number;
  /**
   * Only events with seq above this (for paging forwards). The result then contains the events
   * closest to the cursor, still newest first.
   */
  afterSeq?: number;
  userId?: string;
  action?: string;
  since?: string;
}

/** SQL for the append-only audit table. Callers append inside Store.transaction with their state change. */
export class AuditRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /**
   * Appends one event at the end of the hash chain. Must run inside a write transaction so that
   * reading the last hash and inserting the new row cannot interleave with another writer.
   */
  append(input: AuditEventInput): AuditEvent {
    if (!this.db.inTransaction) throw new Error('AuditRepository.append must run inside Store.transaction');
    const last = this.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const base = {
      seq: (last?.seq ?? 0) + 1,
      eventId: randomUUID(),
      occurredAt: this.now().toISOString(),
      actor: input.actor,
      action: input.action,
      targets: input.targets,
      outcome: input.outcome,
      details: input.details ?? {},
      approvalId: input.approvalId ?? null,
      wixRequestId: input.wixRequestId ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const event: AuditEvent = { ...base, hash: hashEvent(base), deliveredAt: null, deliveryTs: null };
    this.db
      .prepare(
        `INSERT INTO audit_events (seq, event_id, occurred_at, actor_team_id, actor_user_id, action, targets, outcome, details, approval_id, wix_request_id, prev_hash, hash)
         VALUES (@seq, @eventId, @occurredAt, @actorTeamId, @actorUserId, @action, @targets, @outcome, @details, @approvalId, @wixRequestId, @prevHash, @hash)`,
      )
      .run({
        ...event,
        actorTeamId: event.actor.kind === 'user' ? event.actor.teamId : null,
        actorUserId: event.actor.kind === 'user' ? event.actor.userId : null,
        targets: JSON.stringify(event.targets),
        details: JSON.stringify(event.details),
      });
    return event;
  }

  /** Undelivered events in sequence order, oldest first. */
  undelivered(limit: number): AuditEvent[] {
    const rows = this.db.prepare('SELECT * FROM audit_events WHERE delivered_at IS NULL ORDER BY seq LIMIT ?').all(limit) as AuditRow[];
    return rows.map(toEvent);
  }

  countUndelivered(): number {
    return this.db.prepare('SELECT COUNT(*) FROM audit_events WHERE delivered_at IS NULL').pluck().get() as number;
  }

  oldestUndelivered(): AuditEvent | undefined {
    const row = this.db.prepare('SELECT * FROM audit_events WHERE delivered_at IS NULL ORDER BY seq LIMIT 1').get() as AuditRow | undefined;
    return row && toEvent(row);
  }

  /**
   * Time of the most recent delivery, across restarts; null when nothing was ever delivered.
   * Events are delivered in seq order, so the newest delivered row is found from the end of the
   * primary key instead of by scanning the table.
   */
  lastDeliveredAt(): string | null {
    const sql = 'SELECT delivered_at FROM audit_events WHERE delivered_at IS NOT NULL ORDER BY seq DESC LIMIT 1';
    return (this.db.prepare(sql).pluck().get() as string | undefined) ?? null;
  }

  markDelivered(seqs: number[], deliveryTs: string | null): void {
    const statement = this.db.prepare('UPDATE audit_events SET delivered_at = ?, delivery_ts = ? WHERE seq = ? AND delivered_at IS NULL');
    const at = this.now().toISOString();
    this.db.transaction(() => {
      for (const seq of seqs) statement.run(at, deliveryTs, seq);
    })();
  }

  /** All events in sequence order, for verification and export; streams so a large log fits in memory. */
  *iterate(since?: string): Generator<AuditEvent> {
    const statement = since
      ? this.db.prepare('SELECT * FROM audit_events WHERE occurred_at >= ? ORDER BY seq')
      : this.db.prepare('SELECT * FROM audit_events ORDER BY seq');
    const rows = (since ? statement.iterate(since) : statement.iterate()) as IterableIterator<AuditRow>;
    for (const row of rows) yield toEvent(row);
  }

  /**
   * Every row in sequence order for chain verification. A row whose JSON columns cannot be parsed
   * is yielded with `error` instead of stopping the walk, because a damaged row is a finding.
   */
  *iterateForVerification(): Generator<{ seq: number; event: AuditEvent } | { seq: number; error: string }> {
    const rows = this.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>;
    for (const row of rows) {
      try {
        yield { seq: row.seq, event: toEvent(row) };
      } catch (error) {
        yield { seq: row.seq, error: (error as Error).message };
      }
    }
  }

  /** Newest events first, filtered, for `/wix audit`. */
  query(query: AuditQuery): AuditEvent[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.beforeSeq !== undefined) {
      where.push('seq < ?');
      params.push(query.beforeSeq);
    }
    if (query.afterSeq !== undefined) {
      where.push('seq > ?');
      params.push(query.afterSeq);
    }
    if (query.userId) {
      where.push('actor_user_id = ?');
      params.push(query.userId);
    }
    if (query.action) {
      where.push('(action = ? OR action LIKE ?)');
      params.push(query.action, `${query.action}.%`);
    }
    if (query.since) {
      where.push('occurred_at >= ?');
      params.push(query.since);
    }
    const order = query.afterSeq !== undefined ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, query.limit) as AuditRow[];
    const events = rows.map(toEvent);
    return order === 'ASC' ? events.reverse() : events;
  }
}

function toEvent(row: AuditRow): AuditEvent {
  const actor: AuditActor =
    row.actor_user_id && row.actor_team_id ? { kind: 'user', teamId: row.actor_team_id, userId: row.actor_user_id } : { kind: 'system' };
  return {
    seq: row.seq,
    eventId: row.event_id,
    occurredAt: row.occurred_at,
    actor,
    action: row.action,
    targets: JSON.parse(row.targets) as AuditEvent['targets'],
    outcome: row.outcome as AuditEvent['outcome'],
    details: JSON.parse(row.details) as Record<string, unknown>,
    approvalId: row.approval_id,
    wixRequestId: row.wix_request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
    deliveredAt: row.delivered_at,
    deliveryTs: row.delivery_ts,
  };
}
