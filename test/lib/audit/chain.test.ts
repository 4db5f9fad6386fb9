import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/lib/audit/chain.js';
import type { AuditEvent } from '../../../src/lib/audit/event.js';
import { GENESIS_HASH } from '../../../src/lib/audit/event.js';
import { seedEvents, tempStore } from '../../helpers/audit.js';

function chain(count: number): AuditEvent[] {
  const { store } = tempStore();
  seedEvents(store, count);
  const events = [...store.audit.iterate()];
  store.close();
  return events;
}

describe('verifyChain', () => {
  it('accepts an empty log', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, firstSeq: null, lastSeq: null, lastHash: GENESIS_HASH });
  });

  it('accepts a whole chain', () => {
    const events = chain(4);

    expect(verifyChain(events)).toEqual({ ok: true, checked: 4, firstSeq: 1, lastSeq: 4, lastHash: events[3]!.hash });
  });

  it('accepts a tail only when asked to', () => {
    const tail = chain(4).slice(2);

    expect(verifyChain(tail, { start: 'any' })).toMatchObject({ ok: true, checked: 2, firstSeq: 3 });
    expect(verifyChain(tail)).toMatchObject({ ok: false, seq: 3, kind: 'sequence_gap' });
  });

  it('detects an edited target name', () => {
    const events = chain(3);
    events[1] = { ...events[1]!, targets: [{ type: 'email', id: 'someone-else@example.com' }] };

    expect(verifyChain(events)).toMatchObject({ ok: false, seq: 2, kind: 'hash_mismatch', checked: 1 });
  });

  it('detects a swapped pair', () => {
    const events = chain(4);
    const swapped = [events[0]!, events[2]!, events[1]!, events[3]!];

    expect(verifyChain(swapped)).toMatchObject({ ok: false, seq: 3, kind: 'sequence_gap' });
  });

  it('detects a first event off genesis', () => {
    const events = chain(2);
    events[0] = { ...events[0]!, prevHash: 'f'.repeat(64) };

    expect(verifyChain(events)).toMatchObject({ ok: false, seq: 1, kind: 'prev_hash_mismatch' });
  });

  it('reports an unreadable row', () => {
    expect(verifyChain([{ seq: 1, error: 'Unexpected end of JSON input' }])).toMatchObject({ ok: false, seq: 1, kind: 'unreadable_row' });
  });
});
