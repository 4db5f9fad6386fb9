import { describe, expect, it } from 'vitest';
import type { AuditPage, AuditPageState } from '../../src/lib/audit/browse.js';
import { GENESIS_HASH, hashEvent, type AuditEvent } from '../../src/lib/audit/event.js';
import type { AuditDeliveryStatus } from '../../src/lib/audit/sender.js';
import { auditExportSentMessage, auditListFit, auditListMessage, auditStatusMessage } from '../../src/views/audit-command.js';
import { blockKitViolations } from '../../src/views/limits.js';

const hostile = '<!channel> <@U0OWNER02> & `x`';

function worstEvent(seq: number): AuditEvent {
  const base = {
    seq,
    eventId: `evt-${seq}-${'e'.repeat(80)}`,
    occurredAt: '2026-12-04T09:30:15.123Z',
    actor: { kind: 'user' as const, teamId: 'T0TEST001', userId: 'U0OWNER01' },
    action: `approval.approve.${'a'.repeat(200)}`,
    targets: Array.from({ length: 40 }, (_, i) => ({ type: 'site' as const, id: `${'9'.repeat(120)}${i}`, name: `${hostile}${'n'.repeat(500)}` })),
    outcome: 'succeeded' as const,
    details: { reason: `${hostile}${'r'.repeat(500)}` },
    approvalId: 'q'.repeat(500),
    wixRequestId: null,
    prevHash: GENESIS_HASH,
  };
  return { ...base, hash: hashEvent(base), deliveredAt: null, deliveryTs: null };
}

const state: AuditPageState = { n: 100, user: 'U0OWNER01', action: 'approval.approve', since: '2026-12-01T00:00:00.000Z' };

describe('auditListMessage', () => {
  it('fits worst-case events within Block Kit limits', () => {
    const events = Array.from({ length: 100 }, (_, i) => worstEvent(200 - i));

    const count = auditListFit(events, state);
    const page: AuditPage = { state, events: events.slice(0, count), hasOlder: true, hasNewer: true };
    const message = auditListMessage(page);

    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThan(100);
    expect(blockKitViolations('message', { ...message })).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(JSON.stringify(message)).not.toContain('<@U0OWNER02>');
  });

  it('puts only page state in buttons', () => {
    const page: AuditPage = { state, events: [worstEvent(9), worstEvent(8)], hasOlder: true, hasNewer: true };

    const values = JSON.stringify(auditListMessage(page).blocks.at(-1)).match(/"value":"((?:[^"\\]|\\.)*)"/g) ?? [];

    expect(values.map((value) => JSON.parse(JSON.parse(`{${value}}`).value as string))).toEqual([
      { ...state, after: 9 },
      { ...state, before: 8 },
    ]);
  });

  it('says when nothing matches', () => {
    const message = auditListMessage({ state: { n: 20 }, events: [], hasOlder: false, hasNewer: false });

    expect(message.text).toBe('Audit log: no events match');
    expect(message.blocks).toHaveLength(1);
  });
});

describe('auditStatusMessage', () => {
  const status: AuditDeliveryStatus = {
    state: 'backoff',
    undelivered: 12,
    oldestUndeliveredSeq: 40,
    oldestUndeliveredAt: '2026-12-04T09:00:00.000Z',
    oldestUndeliveredAgeMs: 11 * 60_000,
    behind: true,
    lastDeliveredAt: '2026-12-04T08:59:00.000Z',
    lastError: { at: '2026-12-04T09:10:00.000Z', kind: 'rejected', message: `${hostile}${'m'.repeat(5000)}` },
    nextAttemptAt: '2026-12-04T09:11:00.000Z',
    rateLimitedCount: 1,
  };

  it('shows backlog and last error within limits', () => {
    const message = auditStatusMessage(status);
    const text = JSON.stringify(message);

    expect(text).toContain(':warning: Undelivered: 12, oldest #40 stored 11 min ago');
    expect(text).toContain('rate-limited 1 time since start');
    expect(text).not.toContain('<!channel>');
    expect(blockKitViolations('message', { ...message })).toEqual([]);
  });

  it('says when everything is delivered', () => {
    const message = auditStatusMessage({ ...status, undelivered: 0, behind: false, lastError: null, nextAttemptAt: null, state: 'waiting' });

    expect(JSON.stringify(message)).toContain('Undelivered: none');
  });
});

describe('auditExportSentMessage', () => {
  it('names the file and the count', () => {
    const message = auditExportSentMessage({ count: 1, format: 'csv', filename: 'audit-2026-12-04-09-00-00.csv' });

    expect(message.blocks[0]).toMatchObject({ text: { text: 'Sent `audit-2026-12-04-09-00-00.csv` (1 event, CSV) to your direct messages with the bot.' } });
    expect(blockKitViolations('message', { ...message })).toEqual([]);
  });
});
