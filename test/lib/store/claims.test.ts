import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/lib/store/index.js';
import { AuditSender, AUDIT_OUTBOX_LEASE, type AuditChannel } from '../../../src/lib/audit/sender.js';
import type { AuditEvent } from '../../../src/lib/audit/event.js';
import { captureLogger, seedEvents, tempStore, VirtualClock } from '../../helpers/audit.js';

/** An audit channel that records which events each sender posted. */
function recordingChannel(posted: number[]): AuditChannel {
  return {
    fit: (events: AuditEvent[]) => events.length,
    post: async (events: AuditEvent[]) => {
      posted.push(...events.map((event) => event.seq));
      return `${posted.length}.000100`;
    },
  };
}

describe('LeaseRepository', () => {
  it('refuses a second owner until expiry', () => {
    const { store } = tempStore();

    expect(store.leases.acquire('job', 'a', 1_000, 100)).toBe(true);
    expect(store.leases.acquire('job', 'b', 1_050, 100)).toBe(false);
    expect(store.leases.acquire('job', 'a', 1_050, 100)).toBe(true);
    expect(store.leases.acquire('job', 'b', 1_200, 100)).toBe(true);
    expect(store.leases.holder('job')?.owner).toBe('b');
  });

  it('lets another owner in after release', () => {
    const { store } = tempStore();
    store.leases.acquire('job', 'a', 1_000, 10_000);

    store.leases.release('job', 'a');

    expect(store.leases.acquire('job', 'b', 1_001, 10_000)).toBe(true);
  });
});

describe('audit outbox with two processes', () => {
  it('posts each event once from one sender', async () => {
    const { store: first, dataDir } = tempStore();
    const second = new Store({ dataDir });
    seedEvents(first, 30);
    const postedByFirst: number[] = [];
    const postedBySecond: number[] = [];
    const clock = new VirtualClock();
    const tuning = { paceMs: 0, maxGroup: 5, leaseRetryMs: 1_000 };
    const senderA = new AuditSender({ store: first, channel: recordingChannel(postedByFirst), logger: captureLogger().logger, clock, tuning });
    const senderB = new AuditSender({ store: second, channel: recordingChannel(postedBySecond), logger: captureLogger().logger, clock, tuning });

    senderA.start();
    senderB.start();
    await waitUntil(() => first.audit.countUndelivered() === 0);
    await senderA.stop();
    await senderB.stop();

    const all = [...postedByFirst, ...postedBySecond].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(postedByFirst.length === 0 || postedBySecond.length === 0).toBe(true);
  });

  it('hands over when the holder stops', async () => {
    const { store: first, dataDir } = tempStore();
    const second = new Store({ dataDir });
    const clock = new VirtualClock();
    const postedBySecond: number[] = [];
    const tuning = { paceMs: 0, leaseRetryMs: 1_000 };
    first.leases.acquire(AUDIT_OUTBOX_LEASE, 'crashed-process', clock.now(), 30_000);
    seedEvents(first, 3);
    const sender = new AuditSender({ store: second, channel: recordingChannel(postedBySecond), logger: captureLogger().logger, clock, tuning });

    sender.start();
    await waitUntil(() => first.audit.countUndelivered() === 0);
    await sender.stop();

    expect(postedBySecond).toEqual([1, 2, 3]);
    expect(clock.sleeps.filter((ms) => ms === 1_000).length).toBeGreaterThanOrEqual(30);
  });
});

/** Polls a condition on the real event loop; the senders run on a virtual clock. */
async function waitUntil(ready: () => boolean, attempts = 2_000): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (ready()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}

describe('SubmissionRepository', () => {
  it('lets only the first claim of a key win', () => {
    const { store, dataDir } = tempStore();
    const other = new Store({ dataDir });

    expect(store.submissions.claim('V0VIEW1:invite')).toBe(true);
    expect(other.submissions.claim('V0VIEW1:invite')).toBe(false);
    expect(store.submissions.claim('V0VIEW2:invite')).toBe(true);
  });

  it('prunes claims older than a date', () => {
    const { store } = tempStore(() => new Date('2026-12-01T00:00:00Z'));
    store.submissions.claim('old');

    expect(store.submissions.prune(new Date('2026-12-02T00:00:00Z'))).toBe(1);
    expect(store.submissions.claim('old')).toBe(true);
  });
});
