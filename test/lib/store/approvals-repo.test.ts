import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/lib/store/index.js';

const ID = '00000000-0000-4000-8000-0000000000aa';

function newStore(dataDir: string): Store {
  const store = new Store({ dataDir });
  store.transaction(() =>
    store.approvals.insert({
      id: ID,
      action: 'remove',
      requester: { teamId: 'T0TEST001', userId: 'U0LEAD001' },
      params: { action: 'remove', userId: 'w1' },
      snapshot: { action: 'remove', memberName: 'M', memberEmail: 'm@example.com', roles: [], accountWide: false, sites: [] },
      reason: 'test',
      required: 1,
      approvers: ['U0OWNER01'],
      createdAt: new Date('2026-12-04T10:00:00Z'),
      expiresAt: new Date('2026-12-05T10:00:00Z'),
    }),
  );
  return store;
}

describe('approval repository', () => {
  let store: Store | undefined;

  afterEach(() => {
    store?.close();
    store = undefined;
  });

  it('moves a request only from the expected state', () => {
    store = newStore(mkdtempSync(join(tmpdir(), 'wix-team-bot-repo-')));

    expect(store.approvals.compareAndSet(ID, 'pending', 'approved', { decidedBy: 'U0OWNER01' })).toBe(true);
    expect(store.approvals.compareAndSet(ID, 'pending', 'denied', { decidedBy: 'U0OWNER02' })).toBe(false);
    expect(store.approvals.get(ID)?.decidedBy).toBe('U0OWNER01');
  });

  it('rejects a transition the state machine lacks', () => {
    store = newStore(mkdtempSync(join(tmpdir(), 'wix-team-bot-repo-')));

    expect(() => store!.approvals.compareAndSet(ID, 'pending', 'succeeded')).toThrow('not allowed');
    expect(store.approvals.get(ID)?.state).toBe('pending');
  });

  it('counts one vote per user', () => {
    store = newStore(mkdtempSync(join(tmpdir(), 'wix-team-bot-repo-')));
    const vote = { userId: 'U0OWNER01', teamId: 'T0TEST001', decision: 'approve' as const, decidedAt: new Date() };

    expect(store.approvals.addVote(ID, vote)).toBe(true);
    expect(store.approvals.addVote(ID, vote)).toBe(false);
    expect(store.approvals.votes(ID)).toHaveLength(1);
  });

  it('lets one of several processes win each transition', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-repo-'));
    newStore(dataDir).close();
    const workers = Array.from({ length: 4 }, () =>
      fork(join(import.meta.dirname, '../../fixtures/processes/approval-cas-worker.ts'), [dataDir, ID, '200'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }),
    );
    const outputs = workers.map(
      (worker) =>
        new Promise<{ approved: number; executing: number }>((resolve, reject) => {
          let text = '';
          worker.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
          worker.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text) as { approved: number; executing: number }) : reject(new Error(`worker exited with ${code}`))));
        }),
    );
    await Promise.all(workers.map((worker) => new Promise<void>((resolve) => worker.once('message', () => resolve()))));

    for (const worker of workers) worker.send('go');
    const results = await Promise.all(outputs);

    expect(results.reduce((sum, r) => sum + r.approved, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.executing, 0)).toBe(1);
    store = new Store({ dataDir });
    expect(store.approvals.get(ID)?.state).toBe('executing');
  });
});
