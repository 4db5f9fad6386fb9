import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../../src/lib/store/database.js';
import { APPROVALS_CHANNEL, WIX_BASE, startTestBot, type TestBot } from '../../helpers/bot.js';
import { TEAM_ID, USERS } from '../../helpers/fake-slack.js';
import { CHILD_ACCOUNT_ID, SITE, SITE_ID, click, nockAccounts, nockSites, onlyRequestId, repliesTo, textOf } from '../../helpers/approvals.js';

const DAY_MS = 24 * 3_600_000;

async function requestTransfer(t: TestBot): Promise<string> {
  nockAccounts();
  nockSites([SITE]);
  await t.command(`transfer ${SITE_ID} --to ${CHILD_ACCOUNT_ID} --reason "Client pays now"`, 'U0LEAD001');
  await t.settle();
  return onlyRequestId(t);
}

function countTransfers(): { count: () => number } {
  let calls = 0;
  nock(WIX_BASE)
    .persist()
    .post('/b2b-site-management/v1/transfer-site')
    .reply(() => {
      calls += 1;
      return [200, { siteTransfer: { siteId: SITE_ID } }];
    });
  return { count: () => calls };
}

describe('expiry', () => {
  let t: TestBot | undefined;

  afterEach(async () => {
    vi.useRealTimers();
    await t?.stop();
    t = undefined;
  });

  it('expires a request at its deadline without a click', async () => {
    // Only setTimeout and Date are faked, and fake time also follows real time, so HTTP keeps working.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    t = await startTestBot();
    const id = await requestTransfer(t);
    const transfers = countTransfers();

    await vi.advanceTimersByTimeAsync(DAY_MS - 60_000);
    await t.settle();
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');

    await vi.advanceTimersByTimeAsync(61_000);
    await t.settle();

    const request = t.bot.deps.store.approvals.get(id);
    expect(request?.state).toBe('expired');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Expired');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).not.toContain('approval_approve');
    const dm = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'U0LEAD001').at(-1);
    expect(textOf(dm?.args)).toContain('expired');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.expire' })[0]?.actor).toEqual({ kind: 'system' });

    const late = click('approval_approve', id, 'U0OWNER01');
    await t.interact(late);
    await t.settle();

    expect(textOf(repliesTo(t, late)[0]?.body)).toContain('expired');
    expect(transfers.count()).toBe(0);
  });

  it('sweeps deadlines that passed while the bot was down', async () => {
    const first = await startTestBot();
    const id = await requestTransfer(first);
    await first.stop();
    nock.cleanAll();

    t = await startTestBot({ dataDir: first.dataDir, now: () => new Date(Date.now() + DAY_MS + 60_000) });
    await t.settle();

    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('expired');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Expired');
  });
});

/** Clears a request's stored card, as a crash between storing the request and storing its card leaves it. */
function forgetCard(dataDir: string, id: string): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.prepare('UPDATE approval_requests SET card_channel = NULL, card_ts = NULL WHERE id = ?').run(id);
  db.close();
}

describe('restart', () => {
  let t: TestBot | undefined;

  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  /** Starts a bot, creates a request, moves it to `state` as a crashed process would leave it, and stops. */
  async function leaveRequest(state: 'pending' | 'approved' | 'executing'): Promise<{ dataDir: string; id: string }> {
    const first = await startTestBot();
    const id = await requestTransfer(first);
    const store = first.bot.deps.store;
    store.transaction(() => {
      if (state !== 'pending') {
        store.approvals.addVote(id, { userId: 'U0OWNER01', teamId: TEAM_ID, decision: 'approve', decidedAt: new Date() });
        store.approvals.compareAndSet(id, 'pending', 'approved', { decidedBy: 'U0OWNER01' });
      }
      if (state === 'executing') store.approvals.compareAndSet(id, 'approved', 'executing');
    });
    await first.stop();
    nock.cleanAll();
    return { dataDir: first.dataDir, id };
  }

  it('resolves an interrupted transfer by reading, not writing', async () => {
    const { dataDir, id } = await leaveRequest('executing');
    const transfers = countTransfers();
    const read = nockSites([{ ...SITE, ownerAccountId: CHILD_ACCOUNT_ID }], CHILD_ACCOUNT_ID);

    t = await startTestBot({ dataDir, now: () => new Date(Date.now() + 120_000) });
    await t.settle();

    expect(read.isDone()).toBe(true);
    expect(transfers.count()).toBe(0);
    const request = t.bot.deps.store.approvals.get(id);
    expect(request?.state).toBe('succeeded');
    expect(request?.result?.message).toContain('The bot stopped while the Wix call ran');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Done');
  });

  it('records unknown when the interrupted transfer cannot be read', async () => {
    const { dataDir, id } = await leaveRequest('executing');
    const transfers = countTransfers();
    nock(WIX_BASE).post('/site-list/v2/sites/query').times(6).reply(503, { message: '', details: {} });

    t = await startTestBot({ dataDir, now: () => new Date(Date.now() + 120_000) });
    await t.settle();

    expect(transfers.count()).toBe(0);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('unknown');
  });

  it('leaves a fresh executing request to the process that runs it', async () => {
    const { dataDir, id } = await leaveRequest('executing');
    const transfers = countTransfers();

    t = await startTestBot({ dataDir });
    await t.settle();

    expect(transfers.count()).toBe(0);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('executing');
  });

  it('runs a request left approved before its Wix call', async () => {
    const { dataDir, id } = await leaveRequest('approved');
    const transfers = countTransfers();

    t = await startTestBot({ dataDir });
    await t.settle();

    expect(transfers.count()).toBe(1);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
  });

  it('fails a request left approved whose approver was deactivated', async () => {
    const { dataDir, id } = await leaveRequest('approved');
    const transfers = countTransfers();
    const saved = USERS.U0OWNER01!;
    USERS.U0OWNER01 = { ...saved, deleted: true };

    t = await startTestBot({ dataDir });
    await t.settle();
    USERS.U0OWNER01 = saved;

    expect(transfers.count()).toBe(0);
    const request = t.bot.deps.store.approvals.get(id);
    expect(request?.state).toBe('failed');
    expect(request?.result?.message).toContain('Only 0 of the 1 required approvers');
  });

  it('posts the card of a pending request left without one', async () => {
    const { dataDir, id } = await leaveRequest('pending');
    forgetCard(dataDir, id);

    t = await startTestBot({ dataDir, now: () => new Date(Date.now() + 120_000) });
    await t.settle();

    const request = t.bot.deps.store.approvals.get(id);
    expect(request?.state).toBe('pending');
    expect(request?.card?.channel).toBe(APPROVALS_CHANNEL);
    const card = t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === APPROVALS_CHANNEL);
    expect(textOf(card?.args)).toContain('approval_approve');
    const dm = t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'U0LEAD001');
    expect(textOf(dm?.args)).toContain('waiting for approval');
  });

  it('cancels a request whose missing card cannot be posted', async () => {
    const { dataDir, id } = await leaveRequest('pending');
    forgetCard(dataDir, id);
    let now = new Date();
    t = await startTestBot({ dataDir, now: () => now });
    await t.settle();
    t.slack.on('chat.postMessage', (args) => (args.channel === APPROVALS_CHANNEL ? { ok: false, error: 'not_in_channel' } : { ok: true, channel: args.channel, ts: '1767000009.000100' }));
    now = new Date(now.getTime() + 120_000);

    await t.bot.deps.approvals.expireDue();
    await t.settle();

    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('cancelled');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.cancel' })[0]?.details).toMatchObject({ cause: 'the approval card could not be posted' });
    const dm = t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'U0LEAD001');
    expect(textOf(dm?.args)).toContain('was cancelled');
  });

  it('leaves a young request without a card to its creator', async () => {
    const { dataDir, id } = await leaveRequest('pending');
    forgetCard(dataDir, id);

    t = await startTestBot({ dataDir });
    await t.settle();

    expect(t.bot.deps.store.approvals.get(id)?.card).toBeNull();
    expect(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL)).toHaveLength(0);
  });

  it('posts a card for a decided request that has none', async () => {
    t = await startTestBot();
    const id = await requestTransfer(t);
    t.bot.deps.store.database.prepare('UPDATE approval_requests SET card_channel = NULL, card_ts = NULL WHERE id = ?').run(id);
    const posted = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL).length;

    await t.interact(click('approval_cancel', id, 'U0LEAD001'));
    await t.settle();

    const cards = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL);
    expect(cards).toHaveLength(posted + 1);
    expect(textOf(cards.at(-1)?.args)).toContain('Cancelled');
    expect(t.bot.deps.store.approvals.get(id)?.card).not.toBeNull();
  });

  it('keeps a pending request clickable', async () => {
    const { dataDir, id } = await leaveRequest('pending');
    const transfers = countTransfers();
    t = await startTestBot({ dataDir });

    await t.interact(click('approval_approve', id, 'U0OWNER02'));
    await t.settle();

    expect(transfers.count()).toBe(1);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
  });
});
