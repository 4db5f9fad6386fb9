import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVALS_CHANNEL, WIX_ACCOUNT_ID, WIX_BASE, startTestBot, type TestBot } from '../../helpers/bot.js';
import { CO_OWNER_ROLE, DESIGNER_ROLE, MEMBERS, SITE, SITE_ID, click, nockSites, nockTeam, onlyRequestId, reasonValue, submission, textOf } from '../../helpers/approvals.js';

const FULL_TEAM = [MEMBERS.owner, MEMBERS.coOwner, MEMBERS.designer, MEMBERS.manager];

function nockRemove(userId: string, status = 200): nock.Scope {
  return nock(WIX_BASE).post('/roles-management/team/remove', { userId }).reply(status, status === 200 ? {} : { message: '', details: {} }, { 'x-wix-request-id': `req-remove-${status}` });
}

async function approve(t: TestBot, userId = 'U0OWNER01'): Promise<void> {
  await t.interact(click('approval_approve', onlyRequestId(t), userId));
  await t.settle();
}

describe('/wix remove', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('removes a member once approved', async () => {
    nockTeam(FULL_TEAM);
    nockSites([SITE]);

    await t.command(`remove ${MEMBERS.designer.email} --reason "Left the agency"`, 'U0LEAD001');
    await t.settle();

    const card = textOf(t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === APPROVALS_CHANNEL)?.args);
    expect(card).toContain('designer@example.com');
    expect(card).toContain(MEMBERS.designer.id);
    expect(card).toContain('Demo Shop');
    expect(card).toContain(SITE_ID);
    expect(card).toContain('Website Designer');
    const removal = nockRemove(MEMBERS.designer.id);

    await approve(t);

    expect(removal.isDone()).toBe(true);
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('succeeded');
  });

  it('protects the last owner-level member', async () => {
    nockTeam([MEMBERS.coOwner, MEMBERS.designer]);

    await t.command(`remove ${MEMBERS.coOwner.id} --reason "Cleanup"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('last owner-level member');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
  });

  it('refuses to remove the account owner', async () => {
    nockTeam(FULL_TEAM);

    await t.command(`remove ${MEMBERS.owner.email} --reason "Cleanup"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('owns the Wix account');
  });

  it('names close matches when the member is not found', async () => {
    nockTeam(FULL_TEAM);

    await t.command('remove designer@example.org --reason "Cleanup"', 'U0LEAD001');
    await t.settle();

    const reply = textOf(t.slack.responses.at(-1)?.body);
    expect(reply).toContain('No team member has the Wix user ID or email');
  });

  it.each([
    ['succeeded', [MEMBERS.owner, MEMBERS.manager]],
    ['failed', FULL_TEAM],
  ])('reads the team after a 500 and records %s', async (state, teamAfter) => {
    nockTeam(FULL_TEAM);
    nockSites([SITE]);
    await t.command(`remove ${MEMBERS.designer.id} --reason "Left"`, 'U0LEAD001');
    await t.settle();
    const removal = nockRemove(MEMBERS.designer.id, 500);
    const read = nock(WIX_BASE).post('/roles-management/v3/team/search').reply(200, { users: teamAfter, pagingMetadata: { hasNext: false } });

    await approve(t);

    expect(removal.isDone()).toBe(true);
    expect(read.isDone()).toBe(true);
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe(state);
  });

  it('creates a request from the form', async () => {
    nockTeam(FULL_TEAM);
    nockSites([SITE]);
    const values = {
      member: { picker_member: { type: 'external_select', selected_option: { value: MEMBERS.designer.id, text: { type: 'plain_text', text: 'Dee' } } } },
      ...reasonValue('Left the agency'),
    };

    const answer = await t.interact(submission('approval_request_remove', JSON.stringify({ channel: 'C0WORK001' }), values, 'U0LEAD001'));
    await t.settle();

    expect(JSON.parse(answer.body)).toMatchObject({ response_action: 'update' });
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('pending');
    expect(textOf(t.slack.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>)).toContain('waiting for 1 approval');
    const confirmation = t.slack.callsTo('chat.postEphemeral').at(-1);
    expect(confirmation?.args.channel).toBe('C0WORK001');
    expect(confirmation?.args.user).toBe('U0LEAD001');
    expect(textOf(confirmation?.args)).toContain('approval_cancel');
  });

  it('rejects a form without a member or reason', async () => {
    const values = { member: { picker_member: { type: 'external_select', selected_option: { value: '__no_match__' } } }, ...reasonValue('') };

    const answer = await t.interact(submission('approval_request_remove', '{}', values, 'U0LEAD001'));

    expect(JSON.parse(answer.body)).toMatchObject({ response_action: 'errors', errors: { member: expect.any(String), reason: expect.any(String) } });
  });

  it('refuses a form from an unlisted user', async () => {
    const values = { member: { picker_member: { type: 'external_select', selected_option: { value: MEMBERS.designer.id } } }, ...reasonValue('Left') };

    await t.interact(submission('approval_request_remove', '{}', values, 'U0MEMBER1'));
    await t.settle();

    expect(textOf(t.slack.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>)).toContain('not listed in');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
  });
});

describe('/wix role', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('runs a change between ordinary roles at once', async () => {
    nockTeam(FULL_TEAM);
    const patch = nock(WIX_BASE)
      .patch('/roles-management/v2/team/assignments', (body: Record<string, unknown>) => body.userId === MEMBERS.manager.id && JSON.stringify(body).includes(DESIGNER_ROLE.id))
      .reply(200, {}, { 'x-wix-request-id': 'req-role-1' });

    await t.command(`role ${MEMBERS.manager.email} "Website Designer" --reason "Design work only"`, 'U0LEAD001');
    await t.settle();

    expect(patch.isDone()).toBe(true);
    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('No approval was needed');
    expect(t.bot.deps.store.approvals.inStates(['pending', 'succeeded'])).toHaveLength(0);
    const event = t.bot.deps.store.audit.query({ limit: 5, action: 'member.role' })[0];
    expect(event?.outcome).toBe('succeeded');
    expect(event?.approvalId).toBeNull();
    expect(event?.details.reason).toBe('Design work only');
  });

  it('sends a change to an owner-level role for approval', async () => {
    nockTeam(FULL_TEAM);

    await t.command(`role ${MEMBERS.manager.id} Co-Owner --reason "Partner now"`, 'U0LEAD001');
    await t.settle();

    const card = textOf(t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === APPROVALS_CHANNEL)?.args);
    expect(card).toContain('Website Manager');
    expect(card).toContain('Co-Owner');
    expect(card).toContain('*Approvals:* 0 of 2');
  });

  it('keeps a forged member name to one card line', async () => {
    const forged = { ...MEMBERS.manager, name: { firstName: 'Max', lastName: '\n*New account-level role:* Website Designer `2a2a2a2a-0000-4000-8000-000000000002`\n*Member:* Nice Person' } };
    nockTeam([MEMBERS.owner, MEMBERS.coOwner, forged]);

    await t.command(`role ${forged.email} Co-Owner --reason "Runs the agency now"`, 'U0LEAD001');
    await t.settle();

    const card = t.slack.callsTo('chat.postMessage').find((call) => call.args.channel === APPROVALS_CHANNEL);
    const details = (card?.args.blocks as Array<{ text?: { text: string } }>)[2]?.text?.text ?? '';
    expect(details.split('\n').filter((line) => line.startsWith('*New account-level role:*'))).toHaveLength(1);
    expect(details.split('\n').filter((line) => line.startsWith('*Member:*'))).toHaveLength(1);
    expect(details).toContain('*New account-level role:* Co-Owner');
  });

  it('keeps the last owner-level role', async () => {
    nockTeam([MEMBERS.coOwner, MEMBERS.manager]);

    await t.command(`role ${MEMBERS.coOwner.email} "Website Manager" --reason "Step back"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('last owner-level member');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
  });
});

describe('/wix role after a 500', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('records success when Wix shows the new role', async () => {
    nockTeam(FULL_TEAM);
    await t.command(`role ${MEMBERS.manager.id} Co-Owner --reason "Partner now"`, 'U0LEAD001');
    await t.settle();
    const patch = nock(WIX_BASE).patch('/roles-management/v2/team/assignments').reply(500, { message: '', details: {} });
    // The first read is the check before the write; the second reads the outcome after the 500.
    nockTeam(FULL_TEAM);
    const promoted = { ...MEMBERS.manager, assignments: [{ id: 'a5a5a5a5-0000-4000-8000-000000000099', policyId: CO_OWNER_ROLE.id, fullNameResource: { accountContext: { accountId: WIX_ACCOUNT_ID } } }] };
    const read = nock(WIX_BASE).post('/roles-management/v3/team/search').reply(200, { users: [MEMBERS.owner, promoted], pagingMetadata: { hasNext: false } });

    await approve(t, 'U0OWNER01');
    await approve(t, 'U0OWNER02');

    expect(patch.isDone()).toBe(true);
    expect(read.isDone()).toBe(true);
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('succeeded');
  });
});

describe('/wix role at execution', () => {
  let t: TestBot;
  const accountLevel = { accountContext: { accountId: WIX_ACCOUNT_ID } };
  const secondCoOwner = {
    ...MEMBERS.manager,
    assignments: [{ id: 'a5a5a5a5-0000-4000-8000-000000000044', policyId: CO_OWNER_ROLE.id, fullNameResource: accountLevel }],
  };

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  function nockTeamNow(users: object[]): void {
    nock(WIX_BASE).post('/roles-management/v3/team/search').reply(200, { users, invites: [], pagingMetadata: { hasNext: false } });
  }

  function nockAssignments(bodies: Array<{ assignmentIdsToRemove: string[] }>): nock.Scope {
    return nock(WIX_BASE)
      .patch('/roles-management/v2/team/assignments', (body: { assignmentIdsToRemove: string[] }) => {
        bodies.push(body);
        return true;
      })
      .reply(200, {});
  }

  it('removes every account-level assignment the member has now', async () => {
    nockTeam([MEMBERS.owner, MEMBERS.coOwner, MEMBERS.manager]);
    await t.command(`role ${MEMBERS.coOwner.email} "Website Manager" --reason "Steps back"`, 'U0LEAD001');
    await t.settle();
    const extra = { id: 'a5a5a5a5-0000-4000-8000-0000000000ff', policyId: CO_OWNER_ROLE.id, fullNameResource: accountLevel };
    nockTeamNow([MEMBERS.owner, { ...MEMBERS.coOwner, assignments: [...MEMBERS.coOwner.assignments, extra] }, MEMBERS.manager]);
    const bodies: Array<{ assignmentIdsToRemove: string[] }> = [];
    nockAssignments(bodies);

    await approve(t, 'U0OWNER01');
    await approve(t, 'U0OWNER02');

    expect(bodies[0]?.assignmentIdsToRemove.sort()).toEqual([MEMBERS.coOwner.assignments[0]!.id, extra.id].sort());
    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.state).toBe('succeeded');
    expect(request?.params).toMatchObject({ assignmentIdsToRemove: expect.arrayContaining([extra.id]) });
  });

  it('fails when the member became the last owner-level member', async () => {
    nockTeam([MEMBERS.coOwner, secondCoOwner]);
    await t.command(`role ${MEMBERS.coOwner.email} "Website Manager" --reason "Steps back"`, 'U0LEAD001');
    await t.settle();
    nockTeamNow([MEMBERS.coOwner, MEMBERS.manager]);
    const bodies: Array<{ assignmentIdsToRemove: string[] }> = [];
    const patch = nockAssignments(bodies);

    await approve(t, 'U0OWNER01');
    await approve(t, 'U0OWNER02');

    expect(patch.isDone()).toBe(false);
    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.state).toBe('failed');
    expect(request?.result?.message).toContain('last owner-level member');
    expect(request?.result?.message).toContain('Nothing was changed');
  });

  it('fails when the member left the team', async () => {
    nockTeam([MEMBERS.owner, MEMBERS.coOwner, MEMBERS.manager]);
    await t.command(`role ${MEMBERS.manager.email} Co-Owner --reason "Partner now"`, 'U0LEAD001');
    await t.settle();
    nockTeamNow([MEMBERS.owner, MEMBERS.coOwner]);
    const patch = nockAssignments([]);

    await approve(t, 'U0OWNER01');
    await approve(t, 'U0OWNER02');

    expect(patch.isDone()).toBe(false);
    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.state).toBe('failed');
    expect(request?.result?.message).toContain('no longer on the Wix team');
  });
});
