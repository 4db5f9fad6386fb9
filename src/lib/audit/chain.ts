import { GENESIS_HASH, hashEvent, type AuditEvent } from './event.js';

/** Kind of a broken link in the chain. */
export type ChainBreakKind = 'unreadable_row' | 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  ok: false;
  /** Sequence number of the first event that does not fit the chain. */
  seq: number;
  kind: ChainBreakKind;
  /** One sentence for the operator: what differs and what that usually means. */
  reason: string;
  /** Events checked before the break. */
  checked: number;
}

export interface ChainIntact {
  ok: true;
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string;
}

export type ChainResult = ChainIntact | ChainBreak;

/** One row as the verifier reads it: a parsed event, or a row whose stored JSON is damaged. */
export type ChainRow = { seq: number; event: AuditEvent } | { seq: number; error: string };

export interface VerifyOptions {
  /**
   * `genesis` (default) requires the first event to be seq 1 pointing at the genesis hash, as in a
   * whole store. `any` accepts any first link, for a partial export made with `--since`.
   */
  start?: 'genesis' | 'any';
}

/**
 * Walks events in stored order and returns the first broken link. Each event gets three checks in
 * this order. First, its sequence number follows the previous one, because a gap means a deleted
 * event. Second, its stored previous hash equals the previous event's hash, because a mismatch
 * means an event was removed or moved. Third, its stored hash equals the hash of its content,
 * because a mismatch means an edit.
 *
 * NOTE: an attacker who can write the file and recompute every later hash, or who deletes only
 * the newest events, is not detected here. The short hashes posted to the audit channel are the
 * external record to compare against in that case.
 */
export function verifyChain(rows: Iterable<ChainRow | AuditEvent>, options: VerifyOptions = {}): ChainResult {
  let previous: AuditEvent | null = null;
  let checked = 0;
  let firstSeq: number | null = null;

  for (const item of rows) {
    const row = toRow(item);
    if ('error' in row) {
      return broken(row.seq, 'unreadable_row', `the stored row cannot be read (${row.error}), so it was edited outside the bot`, checked);
    }
    const event = row.event;
    firstSeq ??= event.seq;

    const acceptAnyStart = previous === null && options.start === 'any';
    let expectedSeq = 1;
    let expectedPrev = GENESIS_HASH;
    if (previous) {
      expectedSeq = previous.seq + 1;
      expectedPrev = previous.hash;
    } else if (acceptAnyStart) {
      expectedSeq = event.seq;
      expectedPrev = event.prevHash;
    }

    if (event.seq !== expectedSeq) {
      const missing = event.seq > expectedSeq ? `events ${describeRange(expectedSeq, event.seq - 1)} are missing` : 'the sequence number repeats or goes backwards';
      return broken(event.seq, 'sequence_gap', `expected seq ${expectedSeq} but found ${event.seq}: ${missing} (deleted or moved)`, checked);
    }

    if (event.prevHash !== expectedPrev) {
      const what = previous ? `the hash of seq ${previous.seq}` : 'the genesis hash';
      return broken(event.seq, 'prev_hash_mismatch', `its previous-hash ${short(event.prevHash)} does not match ${what} (${short(expectedPrev)}): an event before it was removed, replaced or reordered`, checked);
    }

    const computed = hashEvent(event);
    if (computed !== event.hash) {
      return broken(event.seq, 'hash_mismatch', `its stored hash ${short(event.hash)} does not match its content (${short(computed)}): the event was edited after it was written`, checked);
    }

    previous = event;
    checked += 1;
  }

  return { ok: true, checked, firstSeq, lastSeq: previous?.seq ?? null, lastHash: previous?.hash ?? GENESIS_HASH };
}

function toRow(item: ChainRow | AuditEvent): ChainRow {
  if ('hash' in item) return { seq: item.seq, event: item };
  return item;
}

function broken(seq: number, kind: ChainBreakKind, reason: string, checked: number): ChainBreak {
  return { ok: false, seq, kind, reason, checked };
}

function describeRange(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
