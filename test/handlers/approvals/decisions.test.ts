import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVALS_CHANNEL, WIX_BASE, startTestBot, type TestBot } from '../../helpers/bot.js';
import { GROUPS, OTHER_TEAM_ID, USERS } from '../../helpers/fake-slack.js';
import {
  CHILD_ACCOUNT_ID,
  CO_OWNER_ROLE,
  MEMBERS,
  SITE,
  SITE_ID,
  click,
  nockAccounts,
  nockSites,
  nockTeam,
  onlyRequestId,
  reasonValue,
  repliesTo,
  submission,
  textOf,
} from '../../helpers/approvals.js';

async function requestTransfer(t: TestBot, userId = 'U0LEAD001'): Promise<string> {
  nockAccounts();
  nockSites([SITE]);
  await t.command(`transfer ${SITE_ID} --to ${CHILD_ACCOUNT_ID} --reason "Client pays now"`, userId);
  await t.settle();
  return onlyRequestId(t);
}

/** Stubs Transfer Site and counts its calls. */
function countTransfers(): { count: () => number } {
  let calls = 0;
  nock(WIX_BASE)
    .persist()
    .post('/b2b-site-management/v1/transfer-site')
    .reply(() => {
      calls += 1;
      return [200, { siteTransfer: { siteId: SITE_ID } }, { 'x-wix-request-id': `req-${calls}` }];
    });
  return { count: () => calls };
}

async function clickAs(t: TestBot, actionId: string, id: string, userId: string, teamId?: string): Promise<string> {
  const payload = click(actionId, id, userId, teamId);
  await t.interact(payload);
  await t.settle();
  return textOf(repliesTo(t, payload)[0]?.body);
}

describe('approval decisions', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('refuses self-approval', async () => {
    const id = await requestTransfer(t, 'U0OWNER01');
    const transfers = countTransfers();

    const reply = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(reply).toContain('cannot approve it');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(transfers.count()).toBe(0);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.refuse' })[0]?.approvalId).toBe(id);
  });

  it.each([
    ['a guest', 'U0GUEST01', undefined, 'Guests cannot use the bot'],
    ['another organization', 'U0EXTERN1', OTHER_TEAM_ID, 'other workspaces'],
    ['an unlisted user', 'U0MEMBER1', undefined, 'not an approver'],
    ['an unknown user', 'U0NOBODY1', undefined, 'Slack does not show this user'],
  ])('refuses a forged click from %s', async (_who, userId, teamId, reason) => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();

    const reply = await clickAs(t, 'approval_approve', id, userId, teamId);

    expect(reply).toContain(reason);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(t.bot.deps.store.approvals.votes(id)).toHaveLength(0);
    expect(transfers.count()).toBe(0);
    const refusal = t.bot.deps.store.audit.query({ limit: 5, action: 'approval.refuse' });
    expect(refusal).toHaveLength(1);
    expect(refusal[0]?.actor).toMatchObject({ userId });
  });

  it('refuses an approver deactivated after a cached lookup', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    const saved = USERS.U0OWNER02!;
    await clickAs(t, 'approval_deny', id, 'U0OWNER02');
    USERS.U0OWNER02 = { ...saved, deleted: true };

    const reply = await clickAs(t, 'approval_approve', id, 'U0OWNER02').finally(() => {
      USERS.U0OWNER02 = saved;
    });

    expect(reply).toContain('Deactivated users cannot use the bot');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(transfers.count()).toBe(0);
  });

  it.each([
    ['an ephemeral message in a DM', { type: 'message', message_ts: '1.000', channel_id: 'D0ELSEWHERE', is_ephemeral: true }],
    ['another message in the approvals channel', { type: 'message', message_ts: '1767009999.000100', channel_id: APPROVALS_CHANNEL, is_ephemeral: false }],
  ])('refuses an approve from %s', async (_where, container) => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    const payload = { ...click('approval_approve', id, 'U0OWNER01'), container, channel: { id: container.channel_id }, message: { ts: container.message_ts } };

    await t.interact(payload);
    await t.settle();

    expect(textOf(repliesTo(t, payload)[0]?.body)).toContain('not on the approval card');
    expect(t.bot.deps.store.approvals.votes(id)).toHaveLength(0);
    expect(transfers.count()).toBe(0);
    const refusal = t.bot.deps.store.audit.query({ limit: 5, action: 'approval.refuse' });
    expect(refusal[0]?.details).toMatchObject({ decision: 'approve', channel: container.channel_id });
    expect(refusal[0]?.actor).toMatchObject({ userId: 'U0OWNER01' });
  });

  it('refuses a deny from a message that is not the card', async () => {
    const id = await requestTransfer(t);
    const payload = { ...click('approval_deny', id, 'U0OWNER01'), container: { type: 'message', message_ts: '1.000', channel_id: 'D0ELSEWHERE' }, channel: { id: 'D0ELSEWHERE' } };

    await t.interact(payload);
    await t.settle();

    expect(textOf(repliesTo(t, payload)[0]?.body)).toContain('not on the approval card');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('refuses a deny from an unlisted user before the modal opens', async () => {
    const id = await requestTransfer(t);

    const reply = await clickAs(t, 'approval_deny', id, 'U0MEMBER1');

    expect(reply).toContain('not an approver');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('needs distinct approvers for N of M', async () => {
    // Search Team runs once for the request and once more right before the write.
    nockTeam([MEMBERS.owner, MEMBERS.coOwner, MEMBERS.manager], 2);
    await t.command(`role ${MEMBERS.manager.email} Co-Owner --reason "Runs the agency now"`, 'U0LEAD001');
    await t.settle();
    const id = onlyRequestId(t);
    let patches = 0;
    nock(WIX_BASE)
      .patch('/roles-management/v2/team/assignments', (body: Record<string, unknown>) => {
        patches += 1;
        return body.userId === MEMBERS.manager.id && JSON.stringify(body.newAssignments).includes(CO_OWNER_ROLE.id);
      })
      .reply(200, {});

    const first = await clickAs(t, 'approval_approve', id, 'U0OWNER01');
    const again = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(first).toContain('1 of 2');
    expect(again).toContain('already approved this request');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('*Approvals:* 1 of 2');
    expect(patches).toBe(0);

    const second = await clickAs(t, 'approval_approve', id, 'U0OWNER02');

    expect(second).toContain('You approved');
    expect(patches).toBe(1);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
  });

  it('ends a request on one deny with a reason', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();

    await clickAs(t, 'approval_deny', id, 'U0OWNER02');
    const modal = t.slack.callsTo('views.open').at(-1)?.args.view as Record<string, unknown>;
    const empty = await t.interact(submission('approval_deny_reason', id, reasonValue('  '), 'U0OWNER02'));
    const denied = await t.interact(submission('approval_deny_reason', id, reasonValue('Client has not paid yet'), 'U0OWNER02'));
    await t.settle();

    expect(modal.callback_id).toBe('approval_deny_reason');
    expect(modal.private_metadata).toBe(id);
    expect(JSON.parse(empty.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    expect(JSON.parse(denied.body)).toMatchObject({ response_action: 'update' });
    const request = t.bot.deps.store.approvals.get(id);
    expect(request?.state).toBe('denied');
    expect(request?.denyReason).toBe('Client has not paid yet');
    expect(request?.decidedBy).toBe('U0OWNER02');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Denied');
    const dm = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'U0LEAD001').at(-1);
    expect(textOf(dm?.args)).toContain('Client has not paid yet');
    expect(transfers.count()).toBe(0);
    expect(await clickAs(t, 'approval_approve', id, 'U0OWNER01')).toContain('already denied by <@U0OWNER02>');
  });

  it('lets the requester cancel', async () => {
    const id = await requestTransfer(t);

    const other = await clickAs(t, 'approval_cancel', id, 'U0OWNER01');
    const own = await clickAs(t, 'approval_cancel', id, 'U0LEAD001');

    expect(other).toContain('Only the person who asked');
    expect(own).toContain('You cancelled');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('cancelled');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Cancelled');
    expect(await clickAs(t, 'approval_approve', id, 'U0OWNER01')).toContain('cancelled by <@U0LEAD001>');
  });

  it('makes one Wix call for simultaneous approvals', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    const payloads = ['U0OWNER01', 'U0OWNER02', 'U0OWNER01', 'U0OWNER02', 'U0OWNER01', 'U0OWNER02'].map((user) => click('approval_approve', id, user));

    const answers = await Promise.all(payloads.map((payload) => t.interact(payload)));
    await t.settle();

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(transfers.count()).toBe(1);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
    expect(t.bot.deps.store.audit.query({ limit: 50, action: 'approval.approve' })).toHaveLength(1);
    expect(t.bot.deps.store.audit.query({ limit: 50, action: 'site.transfer' }).map((e) => e.outcome)).toEqual(['succeeded', 'executing']);
  });

  it('lists pending requests with links', async () => {
    const id = await requestTransfer(t);

    await t.command('requests', 'U0MEMBER1');
    await t.settle();

    const list = textOf(t.slack.responses.at(-1)?.body);
    expect(list).toContain('Pending approval requests (1)');
    expect(list).toContain(`https://slack.com/archives/${APPROVALS_CHANNEL}/p`);
    expect(list).toContain('Demo Shop');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
  });
});

describe('audit of clicks that change nothing', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  function refusals(): Array<{ actor: unknown; details: Record<string, unknown> }> {
    return t.bot.deps.store.audit.query({ limit: 20, action: 'approval.refuse' }) as never;
  }

  it.each([
    ['a guest', 'U0GUEST01', undefined, 'Guests'],
    ['a deactivated user', 'U0DELETED', undefined, 'Deactivated'],
    ['another organization', 'U0EXTERN1', OTHER_TEAM_ID, 'other workspaces'],
  ])('audits a cancel refused to %s', async (_who, userId, teamId, reason) => {
    const id = await requestTransfer(t);

    const reply = await clickAs(t, 'approval_cancel', id, userId, teamId);

    expect(reply).toContain(reason);
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(refusals()[0]).toMatchObject({ actor: { userId }, details: { decision: 'cancel' } });
  });

  it('answers and audits a forged click value', async () => {
    await requestTransfer(t);
    const payload = click('approval_approve', "x' OR 1=1 --" + 'A'.repeat(10_000), 'U0OWNER01');

    await t.interact(payload);
    await t.settle();

    expect(textOf(repliesTo(t, payload)[0]?.body)).toContain('not valid');
    expect(refusals()[0]).toMatchObject({ actor: { userId: 'U0OWNER01' }, details: { reason: 'invalid click payload' } });
  });

  it('audits a click on an unknown request id', async () => {
    const payload = click('approval_approve', '00000000-0000-4000-8000-000000000000', 'U0MEMBER1');

    await t.interact(payload);
    await t.settle();

    expect(textOf(repliesTo(t, payload)[0]?.body)).toContain('No approval request');
    expect(refusals()[0]).toMatchObject({ actor: { userId: 'U0MEMBER1' }, details: { reason: 'no such request' } });
  });

  it('audits a late click on a decided request', async () => {
    const id = await requestTransfer(t);
    await clickAs(t, 'approval_cancel', id, 'U0LEAD001');

    const reply = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(reply).toContain('cancelled by');
    expect(refusals()[0]).toMatchObject({ actor: { userId: 'U0OWNER01' }, details: { decision: 'approve', reason: 'the request is already cancelled' } });
  });

  it('audits a repeated vote', async () => {
    nockTeam([MEMBERS.owner, MEMBERS.coOwner, MEMBERS.manager]);
    await t.command(`role ${MEMBERS.manager.email} Co-Owner --reason "Runs the agency now"`, 'U0LEAD001');
    await t.settle();
    const id = onlyRequestId(t);
    await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    const again = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(again).toContain('already approved');
    expect(refusals()[0]).toMatchObject({ actor: { userId: 'U0OWNER01' }, details: { decision: 'approve', reason: 'already voted' } });
  });

  it('rejects a deny reason over the limit', async () => {
    const id = await requestTransfer(t);

    const response = await t.interact(submission('approval_deny_reason', id, reasonValue('x'.repeat(100_000)), 'U0OWNER02'));
    await t.settle();

    expect(JSON.parse(response.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('500 characters') } });
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
  });
});

describe('approvals of users who may no longer approve', () => {
  let t: TestBot;
  const savedOwners = [...GROUPS.S0OWNERS1!];
  const savedMember = USERS.U0MEMBER1!;

  beforeEach(async () => {
    t = await startTestBot({
      policy: `
commands:
  transfer: [S0LEADS01]
approvals:
  transfer: { approvers: [S0OWNERS1], required: 2, expires_after: 24h }
`,
    });
    GROUPS.S0OWNERS1 = [...savedOwners, 'U0MEMBER1'];
  });

  afterEach(async () => {
    await t.stop();
    GROUPS.S0OWNERS1 = [...savedOwners];
    USERS.U0MEMBER1 = savedMember;
  });

  it('drops the vote of a user removed from the approver group', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    const first = await clickAs(t, 'approval_approve', id, 'U0MEMBER1');
    GROUPS.S0OWNERS1 = [...savedOwners];

    const second = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(first).toContain('Current approvals: 1 of 2');
    expect(second).toContain('Current approvals: 1 of 2');
    expect(second).toContain('1 earlier approval(s) no longer count');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(t.bot.deps.store.approvals.votes(id).map((vote) => vote.userId)).toEqual(['U0OWNER01']);
    expect(transfers.count()).toBe(0);
    const dropped = t.bot.deps.store.audit.query({ limit: 5, action: 'approval.vote_dropped' });
    expect(dropped[0]?.details).toMatchObject({ voter: 'U0MEMBER1' });
  });

  it('drops the vote of a user deactivated after voting', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    await clickAs(t, 'approval_approve', id, 'U0MEMBER1');
    USERS.U0MEMBER1 = { ...savedMember, deleted: true };

    await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(transfers.count()).toBe(0);
  });

  it('approves when every counted voter still qualifies', async () => {
    const id = await requestTransfer(t);
    const transfers = countTransfers();
    await clickAs(t, 'approval_approve', id, 'U0MEMBER1');

    const second = await clickAs(t, 'approval_approve', id, 'U0OWNER01');

    expect(second).toContain('You approved');
    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
    expect(transfers.count()).toBe(1);
  });
});

describe('several bot processes on one store', () => {
  let first: TestBot;
  let second: TestBot;

  beforeEach(async () => {
    first = await startTestBot();
    second = await startTestBot({ dataDir: first.dataDir });
  });

  afterEach(async () => {
    await second.stop();
    await first.stop();
  });

  it('call Wix once for all clicks', async () => {
    const id = await requestTransfer(first);
    const transfers = countTransfers();
    const payloads = ['U0OWNER01', 'U0OWNER02', 'U0OWNER01', 'U0OWNER02'].map((user) => click('approval_approve', id, user));

    await Promise.all(payloads.map((payload, i) => (i % 2 === 0 ? first : second).interact(payload)));
    await Promise.all([first.settle(), second.settle()]);

    expect(transfers.count()).toBe(1);
    expect(second.bot.deps.store.approvals.get(id)?.state).toBe('succeeded');
    expect(first.bot.deps.store.audit.query({ limit: 50, action: 'approval.approve' })).toHaveLength(1);
  });
});

describe('forms', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('refuses a forged deny from a guest', async () => {
    const id = await requestTransfer(t);

    await t.interact(submission('approval_deny_reason', id, reasonValue('No'), 'U0GUEST01'));
    await t.settle();

    expect(t.bot.deps.store.approvals.get(id)?.state).toBe('pending');
    expect(textOf(t.slack.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>)).toContain('Guests cannot use the bot');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.refuse' })).toHaveLength(1);
  });

  it('creates one request from a double-submitted form', async () => {
    nockAccounts();
    nock(WIX_BASE).persist().post('/site-list/v2/sites/query').reply(200, { sites: [SITE], metadata: { hasNext: false } });
    const values = {
      site: { picker_site: { type: 'external_select', selected_option: { value: SITE_ID } } },
      target: { picker_account: { type: 'external_select', selected_option: { value: CHILD_ACCOUNT_ID } } },
      ...reasonValue('Client pays now'),
    };
    const form = submission('approval_request_transfer', JSON.stringify({ channel: 'C0WORK001' }), values, 'U0LEAD001');

    await Promise.all([t.interact(form), t.interact(form)]);
    await t.settle();

    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL)).toHaveLength(1);
  });

  it('links the pending request instead of making a second one', async () => {
    const id = await requestTransfer(t);
    nockSites([SITE]);

    await t.command(`transfer ${SITE_ID} --to ${CHILD_ACCOUNT_ID} --reason "Asked again"`, 'U0OWNER01');
    await t.settle();

    expect(onlyRequestId(t)).toBe(id);
    const reply = textOf(t.slack.responses.at(-1)?.body);
    expect(reply).toContain('No new request was made');
    expect(reply).toContain(`https://slack.com/archives/${APPROVALS_CHANNEL}/p`);
    expect(reply).toContain(id);
  });

  it('allows a new request once the pending one is closed', async () => {
    const id = await requestTransfer(t);
    await clickAs(t, 'approval_cancel', id, 'U0LEAD001');
    nockSites([SITE]);

    await t.command(`transfer ${SITE_ID} --to ${CHILD_ACCOUNT_ID} --reason "Asked again"`, 'U0LEAD001');
    await t.settle();

    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(1);
    expect(t.bot.deps.store.approvals.inStates(['pending'])[0]?.id).not.toBe(id);
  });

  it('creates a transfer request from the form', async () => {
    nockAccounts();
    nockSites([SITE]);
    const values = {
      site: { picker_site: { type: 'external_select', selected_option: { value: SITE_ID } } },
      target: { picker_account: { type: 'external_select', selected_option: { value: CHILD_ACCOUNT_ID } } },
      ...reasonValue('Client pays now'),
    };

    await t.interact(submission('approval_request_transfer', JSON.stringify({ channel: 'C0WORK001' }), values, 'U0LEAD001'));
    await t.settle();

    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.params).toEqual({ action: 'transfer', siteId: SITE_ID, sourceAccountId: SITE.ownerAccountId, targetAccountId: CHILD_ACCOUNT_ID });
    expect(request?.reason).toBe('Client pays now');
  });
});
