import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HomeRequest, HomeRequestSource } from '../../../src/lib/account/home.js';
import { blockKitViolations } from '../../../src/views/limits.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix, makeMember, makeSites, type FakeWix } from '../../helpers/fake-wix.js';
import { MEMBERS, SITE, click, onlyRequestId } from '../../helpers/approvals.js';

function homeOpened(user: string, tab = 'home'): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: 'D0HOME001', tab, event_ts: '1767000000.000100' };
}

function published(t: TestBot): Array<{ user: string; view: Record<string, unknown> }> {
  return t.slack.callsTo('views.publish').map((call) => ({ user: String(call.args.user_id), view: call.args.view as Record<string, unknown> }));
}

function request(id: string, summary: string, requesterId = 'U0LEAD001'): HomeRequest {
  return { id, summary, requesterId, createdAt: new Date('2026-12-04T10:00:00Z'), expiresAt: new Date('2026-12-05T10:00:00Z'), approvals: 0, required: 1 };
}

describe('Home tab', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({
      members: [makeMember(1), makeMember(2), makeMember(3)],
      invites: [{ id: 'inv-1', email: 'new@example.com', policyIds: [] }],
      sites: makeSites(4, (i) => ({ namespace: i === 4 ? 'HEADLESS' : 'WIX' })),
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('publishes the account at a glance', async () => {
    const response = await t.event(homeOpened('U0MEMBER1'));
    await t.settle();

    expect(response.status).toBe(200);
    const views = published(t);
    expect(views).toHaveLength(1);
    expect(views[0]?.user).toBe('U0MEMBER1');
    const text = JSON.stringify(views[0]?.view);
    expect(views[0]?.view.type).toBe('home');
    expect(text).toContain('3 members · 1 pending invite · 4 sites');
    expect(text).toContain('You have no pending requests.');
    expect(text).not.toContain('Waiting for your approval');
    expect(text).toContain('/wix team [QUERY]');
    expect(blockKitViolations('home', views[0]!.view)).toEqual([]);
  });

  it('ignores the Messages tab', async () => {
    await t.event(homeOpened('U0MEMBER1', 'messages'));
    await t.settle();

    expect(published(t)).toHaveLength(0);
  });

  it.each(['U0GUEST01', 'U0SINGLE1', 'U0EXTERN1', 'U0DELETED'])('shows %s that the bot is not available', async (userId) => {
    await t.event(homeOpened(userId));
    await t.settle();

    const views = published(t);
    expect(views).toHaveLength(1);
    expect(JSON.stringify(views[0]?.view)).toContain('not available to you');
    expect(JSON.stringify(views[0]?.view)).not.toContain('pending invite');
    expect(wix.calls).toHaveLength(0);
  });

  it('keeps the other counts when one read fails', async () => {
    wix.override('POST', '/site-list/v2/sites/count', 500, { message: 'down' });

    await t.event(homeOpened('U0MEMBER1'));
    await t.settle();

    expect(JSON.stringify(published(t)[0]?.view)).toContain('3 members · 1 pending invite · sites: _unavailable_');
  });

  it('says when no request source is connected', async () => {
    delete t.bot.deps.homeRequests;

    await t.event(homeOpened('U0MEMBER1'));
    await t.settle();

    expect(JSON.stringify(published(t)[0]?.view)).toContain('Approval requests are not shown here yet');
  });

  describe('with an approval request source', () => {
    const own = [request('req-1', 'Remove <!channel> from the team', 'U0OWNER01')];
    const awaiting = Array.from({ length: 30 }, (_, i) => request(`req-${i + 10}`, `Transfer ${'&'.repeat(600)} ${i}`));

    beforeEach(() => {
      const source: HomeRequestSource = {
        requestedBy: async (userId) => (userId === 'U0OWNER01' ? own : []),
        awaitingApprovalFrom: async (userId) => (userId === 'U0OWNER01' ? awaiting : []),
        actionIds: { approve: 'approval_approve', deny: 'approval_deny' },
      };
      t.bot.deps.homeRequests = source;
    });

    it('shows an approver the requests waiting for them', async () => {
      await t.event(homeOpened('U0OWNER01'));
      await t.settle();

      const view = published(t)[0]!.view;
      const text = JSON.stringify(view);
      expect(text).toContain('Your pending requests');
      expect(text).toContain('Remove &lt;!channel&gt; from the team');
      expect(text).toContain('Waiting for your approval');
      expect(text).toContain('"action_id":"approval_approve"');
      expect(text).toContain('"action_id":"approval_deny"');
      expect(text).toContain('"value":"req-10"');
      expect(text).toContain('…and 10 more');
      expect(blockKitViolations('home', view)).toEqual([]);
    });

    it('hides the approval queue from non-approvers', async () => {
      await t.event(homeOpened('U0MEMBER1'));
      await t.settle();

      const text = JSON.stringify(published(t)[0]?.view);
      expect(text).toContain('You have no pending requests.');
      expect(text).not.toContain('Waiting for your approval');
    });
  });
});

const NARROW_POLICY = `
commands:
  help: everyone
  team: [U0LEAD001]
  sites: [U0OWNER01]
  remove: [U0LEAD001]
approvals:
  remove: { approvers: [U0OWNER02], required: 1, expires_after: 24h }
`;

describe('Home tab under a narrow policy', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot({ policy: NARROW_POLICY });
    wix = fakeWix({ members: [makeMember(1), makeMember(2)], invites: [{ id: 'inv-1', email: 'new@example.com', policyIds: [] }], sites: makeSites(5) });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('shows no counts to a member allowed only help', async () => {
    await t.event(homeOpened('U0MEMBER1'));
    await t.settle();

    const text = JSON.stringify(published(t)[0]?.view);
    expect(text).not.toContain('2 members');
    expect(text).not.toContain('pending invite');
    expect(text).not.toContain('5 sites');
    expect(text).toContain('no account counts are shown');
    expect(wix.calls).toHaveLength(0);
  });

  it('lists only the allowed subcommands', async () => {
    await t.event(homeOpened('U0MEMBER1'));
    await t.settle();

    const text = JSON.stringify(published(t)[0]?.view);
    expect(text).toContain('• `/wix help');
    expect(text).not.toContain('• `/wix team');
    expect(text).not.toContain('• `/wix remove');
  });

  it('shows team counts to a member allowed team', async () => {
    await t.event(homeOpened('U0LEAD001'));
    await t.settle();

    const text = JSON.stringify(published(t)[0]?.view);
    expect(text).toContain('2 members · 1 pending invite');
    expect(text).not.toContain('5 sites');
    expect(text).toContain('• `/wix team');
    expect(text).toContain('• `/wix remove');
    expect(text).not.toContain('• `/wix sites');
  });
});

describe('Home tab with real approval requests', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
    fakeWix({ members: Object.values(MEMBERS), sites: [SITE] });
    await t.command(`remove ${MEMBERS.designer.email} --reason "Left the agency"`, 'U0LEAD001');
    await t.settle();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('shows the requester their request', async () => {
    await t.event(homeOpened('U0LEAD001'));
    await t.settle();

    const text = JSON.stringify(published(t)[0]?.view);
    expect(text).toContain('Remove Dee Signer from the team');
    expect(text).toContain('0 of 1 approvals');
    expect(text).not.toContain('approval_approve');
  });

  it('gives an approver Approve and Deny', async () => {
    await t.event(homeOpened('U0OWNER02'));
    await t.settle();

    const view = published(t)[0]!.view;
    const text = JSON.stringify(view);
    expect(text).toContain('Waiting for your approval');
    expect(text).toContain('Remove Dee Signer from the team');
    expect(text).toContain(`"action_id":"approval_approve","style":"primary","text":{"type":"plain_text","text":"Approve"},"value":"${onlyRequestId(t)}"`);
    expect(text).toContain('"action_id":"approval_deny"');
    expect(blockKitViolations('home', view)).toEqual([]);
  });

  it('drops a request once it is decided', async () => {
    await t.interact(click('approval_approve', onlyRequestId(t), 'U0OWNER02'));
    await t.settle();
    expect(t.bot.deps.approvals.get(onlyRequestId(t))?.state).not.toBe('pending');

    await t.event(homeOpened('U0OWNER02'));
    await t.settle();

    const text = JSON.stringify(published(t).at(-1)?.view);
    expect(text).toContain('Nothing is waiting for you.');
    expect(text).not.toContain('Remove Dee Signer');
  });

  it('publishes the tab again after Approve on it', async () => {
    const requestId = onlyRequestId(t);
    const homeClick = {
      type: 'block_actions',
      user: { id: 'U0OWNER02', username: 'owner2', name: 'owner2', team_id: 'T0TEST001' },
      api_app_id: 'A0TESTAPP',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'V0HOME001' },
      trigger_id: '9.9999.abcdef',
      team: { id: 'T0TEST001', domain: 'test' },
      view: { id: 'V0HOME001', type: 'home', blocks: [] },
      actions: [{ type: 'button', action_id: 'approval_approve', block_id: `home_request_${requestId}`, value: requestId, action_ts: '1767000050.123456' }],
    };

    const response = await t.interact(homeClick);
    await t.settle();

    expect(response.status).toBe(200);
    expect(t.bot.deps.approvals.get(requestId)?.state).not.toBe('pending');
    const views = published(t);
    expect(views).toHaveLength(1);
    expect(views[0]?.user).toBe('U0OWNER02');
    expect(JSON.stringify(views[0]?.view)).toContain('Nothing is waiting for you.');
  });

  it('leaves the tab alone after other clicks', async () => {
    await t.interact(click('approval_approve', onlyRequestId(t), 'U0OWNER02'));
    await t.settle();

    expect(published(t)).toHaveLength(0);
  });
});
