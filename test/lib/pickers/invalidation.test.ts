import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix, makeSites, type FakeWix } from '../../helpers/fake-wix.js';

describe('picker invalidation', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({ sites: makeSites(3) });
    await t.bot.deps.pickers.sites.items();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('refreshes sites after a recorded change', async () => {
    wix.account.sites.push(...makeSites(1, () => ({ displayName: 'Moved In' }), 50));
    t.bot.deps.audit.record({ actor: { kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' }, action: 'transfer.execute', targets: [], outcome: 'succeeded' });

    expect(t.bot.deps.pickers.sites.stale).toBe(true);

    await vi.waitFor(async () => expect((await t.bot.deps.pickers.sites.search('moved in')).total).toBe(1));
  });

  it('keeps the list after a refused command', async () => {
    t.bot.deps.audit.record({ actor: { kind: 'user', teamId: 'T0TEST001', userId: 'U0GUEST01' }, action: 'command.refused', targets: [], outcome: 'refused' });

    expect(t.bot.deps.pickers.sites.stale).toBe(false);
  });

  it('keeps the list after a failed change', async () => {
    t.bot.deps.audit.record({ actor: { kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' }, action: 'invite.create', targets: [], outcome: 'failed' });

    expect(t.bot.deps.pickers.sites.stale).toBe(false);
  });

  it('marks the list stale after an uncertain change', async () => {
    t.bot.deps.audit.record({ actor: { kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' }, action: 'member.remove', targets: [], outcome: 'unknown' });

    expect(t.bot.deps.pickers.sites.stale).toBe(true);
  });
});
