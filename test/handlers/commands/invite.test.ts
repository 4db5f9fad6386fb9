import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_CHANNEL, DEFAULT_POLICY, ROLES, WIX_ACCOUNT_ID, WIX_BASE, startTestBot, type TestBot } from '../../helpers/bot.js';
import { INVITE_PATH, SITES, nockCreateInvite, nockRoles, nockSites, type InviteBody } from '../../helpers/wix-invites.js';

const MANAGER = ROLES[0]!;

describe('/wix invite inline', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  /** Runs a command and returns the text of its one ephemeral reply. */
  async function run(text: string, userId = 'U0OWNER01'): Promise<string> {
    const ack = await t.command(text, userId);
    await t.settle();
    expect(ack.status).toBe(200);
    expect(t.slack.responses).toHaveLength(1);
    const reply = t.slack.responses[0]!.body;
    expect(reply.response_type).toBe('ephemeral');
    return JSON.stringify(reply.blocks);
  }

  function inviteEvents() {
    return t.bot.deps.store.audit.query({ limit: 10, action: 'invite.create' });
  }

  it('invites on the whole account', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    const create = nockCreateInvite(bodies);

    const reply = await run('invite new.member@example.com --role "Website Manager"');

    expect(create.isDone()).toBe(true);
    expect(bodies).toEqual([
      {
        subjectsAssignments: [
          {
            subjectEmail: 'new.member@example.com',
            assignments: [{ policyId: MANAGER.id, assignments: [{ fullNameResource: { accountContext: { accountId: WIX_ACCOUNT_ID } } }] }],
          },
        ],
      },
    ]);
    expect(reply).toContain('Invited *1* of 1 address as *Website Manager*');
    expect(reply).toContain('the whole Wix account');
    expect(reply).toContain('new.member@example.com');
    expect(reply).toContain('wix-req-invite-1');
  });

  it('limits the role to sites given by name and ID', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockSites();
    nockCreateInvite(bodies);

    const reply = await run(`invite a@example.com --role ${MANAGER.id} --sites "main shop,${SITES[1]!.id}"`);

    const assignments = bodies[0]!.subjectsAssignments[0]!.assignments[0]!;
    expect(assignments.policyId).toBe(MANAGER.id);
    expect(assignments.assignments).toEqual([
      { fullNameResource: { siteContext: { metasiteId: SITES[0]!.id } } },
      { fullNameResource: { siteContext: { metasiteId: SITES[1]!.id } } },
    ]);
    expect(reply).toContain('2 sites: *Main Shop*, *Blog*');
  });

  it('splits addresses and unwraps mailto links', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    await run('invite a@example.com,b@example.com <mailto:c@example.com|c@example.com> --role "website manager"');

    expect(bodies[0]!.subjectsAssignments.map((s) => s.subjectEmail)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('reports per-address failures from Wix', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies, { 'taken@example.com': 'User is already a team member' });

    const reply = await run('invite ok@example.com taken@example.com --role "Website Manager"');

    expect(reply).toContain('Invited *1* of 2 addresses');
    expect(reply).toContain('Failed (1)');
    expect(reply).toContain('taken@example.com: User is already a team member');
    const [event] = inviteEvents();
    expect(event?.outcome).toBe('partially_succeeded');
    expect(event?.details.failed).toEqual([{ email: 'taken@example.com', error: 'User is already a team member' }]);
  });

  it('accepts an ampersand sent as entity', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    const reply = await run('invite a&amp;b@example.com --role "Website Manager"');

    expect(bodies[0]!.subjectsAssignments.map((s) => s.subjectEmail)).toEqual(['a&b@example.com']);
    expect(reply).toContain('Invited *1* of 1 address');
  });

  it('names invalid addresses and sends only the valid ones', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    const reply = await run('invite good@example.com not-an-address foo@ --role "Website Manager"');

    expect(bodies[0]!.subjectsAssignments.map((s) => s.subjectEmail)).toEqual(['good@example.com']);
    expect(reply).toContain('Not valid email addresses, not sent (2)');
    expect(reply).toContain('not-an-address');
    expect(reply).toContain('foo@');
    expect(inviteEvents()[0]?.outcome).toBe('partially_succeeded');
  });

  it('sends nothing when no address is valid', async () => {
    const create = nockCreateInvite([]);

    const reply = await run('invite nope also-nope --role "Website Manager"');

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('None of the addresses is a valid email address: nope, also-nope');
    expect(inviteEvents()).toHaveLength(0);
  });

  it('folds repeated addresses case-insensitively', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    const reply = await run('invite Ann@example.com ann@EXAMPLE.com ann@example.com --role "Website Manager"');

    expect(bodies[0]!.subjectsAssignments.map((s) => s.subjectEmail)).toEqual(['Ann@example.com']);
    expect(reply).toContain('Repeated addresses, counted once: Ann@example.com (2 times)');
    expect(inviteEvents()[0]?.outcome).toBe('succeeded');
  });

  it('rejects 51 addresses', async () => {
    const create = nockCreateInvite([]);
    const emails = Array.from({ length: 51 }, (_, i) => `person${i}@example.com`).join(',');

    const reply = await run(`invite ${emails} --role "Website Manager"`);

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('51 different addresses were given, but one invite takes at most 50');
  });

  it('sends 50 addresses in one call', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);
    const emails = Array.from({ length: 50 }, (_, i) => `person${i}@example.com`).join(' ');

    const reply = await run(`invite ${emails} --role "Website Manager"`);

    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.subjectsAssignments).toHaveLength(50);
    expect(reply).toContain('Invited *50* of 50 addresses');
  });

  it('lists the roles when --role is missing', async () => {
    nockRoles();
    const create = nockCreateInvite([]);

    const reply = await run('invite a@example.com');

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('Choose the role to invite as');
    for (const role of ROLES) expect(reply).toContain(role.name);
    expect(reply).toContain('--role \\"Website Manager\\"');
  });

  it('suggests close roles for an unknown role', async () => {
    nockRoles();

    const reply = await run('invite a@example.com --role "Website Manger"');

    expect(reply).toContain('No role is named \\"Website Manger\\"');
    expect(reply).toContain('Website Manager (2a2a2a2a-0000-4000-8000-000000000001)');
    expect(reply).not.toContain('Billing Manager');
  });

  it('lists both roles for an ambiguous role name', async () => {
    nockRoles([...ROLES, { id: '2a2a2a2a-0000-4000-8000-0000000000ff', name: 'website manager', isCustom: true }]);

    const reply = await run('invite a@example.com --role "Website Manager"');

    expect(reply).toContain('2 roles are named');
    expect(reply).toContain('Website Manager (2a2a2a2a-0000-4000-8000-000000000001)');
    expect(reply).toContain('website manager (2a2a2a2a-0000-4000-8000-0000000000ff)');
  });

  it('suggests close sites for an unknown site', async () => {
    nockRoles();
    nockSites();

    const reply = await run('invite a@example.com --role "Website Manager" --sites "Main Shp"');

    expect(reply).toContain('No site is named \\"Main Shp\\"');
    expect(reply).toContain(`Main Shop (${SITES[0]!.id})`);
  });

  it('rejects an empty --sites list', async () => {
    const create = nockCreateInvite([]);

    const reply = await run('invite a@example.com --role "Website Manager" --sites " , "');

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('--sites is empty');
  });

  it('lists every match for an ambiguous site name', async () => {
    nockRoles();
    nockSites([...SITES, { id: '5c5c5c5c-0000-4000-8000-000000000009', displayName: 'blog', name: 'blog-2' }]);

    const reply = await run('invite a@example.com --role "Website Manager" --sites Blog');

    expect(reply).toContain('2 sites are named');
    expect(reply).toContain(`Blog (${SITES[1]!.id})`);
    expect(reply).toContain('blog (5c5c5c5c-0000-4000-8000-000000000009)');
  });

  it('looks up a site ID missing from the cached list', async () => {
    const bodies: InviteBody[] = [];
    const lateSite = { id: '5c5c5c5c-0000-4000-8000-0000000000aa', displayName: 'Brand New' };
    nockRoles();
    nockSites();
    nock(WIX_BASE).post('/site-list/v2/sites/query', (body: { query: { filter: { id: { $in: string[] } } } }) => body.query.filter.id.$in[0] === lateSite.id).reply(200, { sites: [lateSite] });
    nockCreateInvite(bodies);

    const reply = await run(`invite a@example.com --role "Website Manager" --sites ${lateSite.id}`);

    expect(bodies[0]!.subjectsAssignments[0]!.assignments[0]!.assignments).toEqual([{ fullNameResource: { siteContext: { metasiteId: lateSite.id } } }]);
    expect(reply).toContain('the site *Brand New*');
  });

  it('shows mentions in site names and Wix errors as text', async () => {
    nockRoles();
    nockSites([{ id: '5c5c5c5c-0000-4000-8000-0000000000bb', displayName: 'Evil <!channel> site' }]);
    nockCreateInvite([], { 'x@example.com': 'Blocked by <@U0OWNER02> and <!here>' });

    const reply = await run('invite x@example.com --role "Website Manager" --sites 5c5c5c5c-0000-4000-8000-0000000000bb');

    expect(reply).toContain('Evil &lt;!channel&gt; site');
    expect(reply).toContain('Blocked by &lt;@U0OWNER02&gt; and &lt;!here&gt;');
    expect(reply).not.toContain('<!channel>');
    expect(reply).not.toContain('<@U0OWNER02>');
    expect(reply).not.toContain('<!here>');
  });

  it('refuses a user missing from the policy rule', async () => {
    const create = nockCreateInvite([]);

    const reply = await run('invite a@example.com --role "Website Manager"', 'U0MEMBER1');

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('commands.invite');
  });

  it('records and delivers the audit event', async () => {
    nockRoles();
    nockSites();
    nockCreateInvite([]);

    await run('invite new.member@example.com --role "Website Manager" --sites Blog');

    const [event] = inviteEvents();
    expect(event?.outcome).toBe('succeeded');
    expect(event?.actor).toEqual({ kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' });
    expect(event?.wixRequestId).toBe('wix-req-invite-1');
    expect(event?.targets).toEqual([
      { type: 'email', id: 'new.member@example.com' },
      { type: 'role', id: MANAGER.id, name: 'Website Manager' },
      { type: 'site', id: SITES[1]!.id, name: 'Blog' },
    ]);
    expect(event?.details.invited).toEqual(['new.member@example.com']);
    const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === AUDIT_CHANNEL);
    const posted = JSON.stringify(posts.map((post) => post.args.blocks));
    expect(posted).toContain('invite.create');
    expect(posted).toContain('new.member@example.com');
    expect(posted).toContain(event!.eventId);
  });

  it('records unknown for an address Wix omits', async () => {
    nockRoles();
    nock(WIX_BASE)
      .post(INVITE_PATH)
      .reply(200, { successfulInvites: [{ id: '9e9e9e9e-0000-4000-8000-000000000001', email: 'b@example.com' }], failedInvites: [] }, { 'x-wix-request-id': 'wix-req-omits' });

    const reply = await run('invite a@example.com b@example.com --role "Website Manager"');

    expect(reply).toContain('No report from Wix (1)');
    expect(reply).toContain('a@example.com: Wix did not report on this address; check the team page before inviting again');
    expect(reply).not.toContain('Failed (');
    const [event] = inviteEvents();
    expect(event?.outcome).toBe('unknown');
    expect(event?.details.unknown).toEqual(['a@example.com']);
    expect(event?.details.failed).toEqual([]);
  });

  it('records unknown for a malformed response', async () => {
    nockRoles();
    nock(WIX_BASE).post(INVITE_PATH).reply(200, { successfulInvites: 'yes' }, { 'x-wix-request-id': 'wix-req-odd' });

    await run('invite a@example.com --role "Website Manager"');

    const [event] = inviteEvents();
    expect(event?.outcome).toBe('unknown');
    expect(event?.wixRequestId).toBe('wix-req-odd');
  });

  it('warns of sent invites after unreadable response', async () => {
    nockRoles();
    nock(WIX_BASE).post(INVITE_PATH).reply(200, { successfulInvites: 'yes' }, { 'x-wix-request-id': 'wix-req-odd' });

    const reply = await run('invite a@example.com --role "Website Manager"');

    expect(reply).toContain('the invites may already have been sent');
    expect(reply).toContain('/wix team');
    expect(reply).toContain('before you invite these addresses again');
    expect(reply).toContain('Wix request id: wix-req-odd');
    expect(reply).not.toContain('Unexpected response');
    expect(reply).not.toContain('successfulInvites');
    expect(JSON.stringify(inviteEvents()[0]?.details)).not.toContain('successfulInvites');
    const logged = t.logs.find('request failed');
    expect(JSON.stringify(logged)).toContain('Unexpected response from Wix');
  });

  it('stores the attempt before Wix answers', async () => {
    nockRoles();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const create = nock(WIX_BASE)
      .post(INVITE_PATH)
      .reply(async () => {
        await answered;
        return [200, { successfulInvites: [{ id: '9e9e9e9e-0000-4000-8000-000000000001', email: 'a@example.com' }] }, { 'x-wix-request-id': 'wix-req-late' }];
      });

    await t.command('invite a@example.com --role "Website Manager"');
    await vi.waitFor(() => expect(inviteEvents()).toHaveLength(1));

    const [attempt] = inviteEvents();
    expect(create.isDone()).toBe(true);
    expect(attempt?.outcome).toBe('executing');
    expect(attempt?.targets).toEqual([
      { type: 'email', id: 'a@example.com' },
      { type: 'role', id: MANAGER.id, name: 'Website Manager' },
      { type: 'account', id: WIX_ACCOUNT_ID },
    ]);
    expect(t.slack.responses).toHaveLength(0);

    answer();
    await t.settle();

    const [final, first] = inviteEvents();
    expect(first?.eventId).toBe(attempt?.eventId);
    expect(final?.outcome).toBe('succeeded');
    expect(final!.seq).toBeGreaterThan(attempt!.seq);
    expect(final?.details.attemptEventId).toBe(attempt?.eventId);
    expect(final?.targets).toEqual(attempt?.targets);
  });

  it('links a failed result to its attempt', async () => {
    nockRoles();
    nock(WIX_BASE).post(INVITE_PATH).reply(500, { message: 'boom' });

    await run('invite a@example.com --role "Website Manager"');

    const [final, attempt] = inviteEvents();
    expect(attempt?.outcome).toBe('executing');
    expect(final?.outcome).toBe('failed');
    expect(final?.details.attemptEventId).toBe(attempt?.eventId);
  });

  it('rejects an owner-level role', async () => {
    nockRoles();
    const create = nockCreateInvite([]);

    const reply = await run('invite x@example.com --role Co-Owner');

    expect(create.isDone()).toBe(false);
    expect(reply).toContain('An invite cannot grant Co-Owner: it is an owner-level role, which needs approval');
    expect(reply).toContain('Invite with another role');
    expect(reply).toContain('/wix role MEMBER \\"Co-Owner\\" --reason TEXT');
    expect(inviteEvents()).toHaveLength(0);
    const [refusal] = t.bot.deps.store.audit.query({ limit: 5, action: 'invite.refused' });
    expect(refusal?.outcome).toBe('refused');
    expect(refusal?.actor).toEqual({ kind: 'user', teamId: 'T0TEST001', userId: 'U0OWNER01' });
    expect(refusal?.targets).toEqual([
      { type: 'email', id: 'x@example.com' },
      { type: 'role', id: ROLES[2]!.id, name: 'Co-Owner' },
    ]);
    expect(refusal?.details).toEqual({ reason: 'owner_level_role', surface: 'command' });
  });

  it('invalidates the member picker after an invite', async () => {
    nockRoles();
    nockCreateInvite([]);
    const invalidate = vi.spyOn(t.bot.deps.pickers.members, 'invalidate');

    await run('invite a@example.com --role "Website Manager"');

    // The audit log's listener also marks every picker stale after a change, so count at least one.
    expect(invalidate).toHaveBeenCalled();
  });

  describe('Wix errors', () => {
    const cases: Array<[string, () => nock.Scope, string, number | null]> = [
      [
        '400 with field violations',
        () =>
          createScope().reply(
            400,
            { message: 'invalid', details: { validationError: { fieldViolations: [{ field: 'subjectsAssignments[0].subjectEmail', description: 'must be a valid email' }] } } },
            { 'x-wix-request-id': 'wix-req-400' },
          ),
        'Wix rejected the request: subjectsAssignments[0].subjectEmail: must be a valid email (Wix request id wix-req-400)',
        400,
      ],
      ['401', () => createScope().reply(401, { message: 'unauthorized' }, { 'x-wix-request-id': 'wix-req-401' }), "Wix rejected the bot's API key", 401],
      ['403', () => createScope().reply(403, { message: 'forbidden' }, { 'x-wix-request-id': 'wix-req-403' }), 'lacks the permission for this action', 403],
      ['404', () => createScope().reply(404, { message: 'not found' }, { 'x-wix-request-id': 'wix-req-404' }), 'Wix could not find that object', 404],
      ['429', () => createScope().reply(429, { message: 'slow down' }, { 'x-wix-request-id': 'wix-req-429' }), 'Wix is rate-limiting the bot in Create Invite', 429],
      ['500', () => createScope().reply(500, { message: 'boom' }, { 'x-wix-request-id': 'wix-req-500' }), 'Wix had an internal error (500) in Create Invite', 500],
      ['unreachable', () => createScope().replyWithError('connect ECONNREFUSED'), 'Wix could not be reached for Create Invite', null],
    ];

    function createScope() {
      return nock(WIX_BASE, { reqheaders: { 'wix-account-id': WIX_ACCOUNT_ID } }).post(INVITE_PATH);
    }

    it.each(cases)('reports %s and records a failed event', async (_name, reply, message, status) => {
      nockRoles();
      const scope = reply();

      const text = await run('invite a@example.com --role "Website Manager"');

      expect(scope.isDone()).toBe(true);
      expect(text).toContain(message);
      const [event] = inviteEvents();
      expect(event?.outcome).toBe('failed');
      expect(event?.details.status).toBe(status);
      expect(event?.targets[0]).toEqual({ type: 'email', id: 'a@example.com' });
      if (status !== null) expect(event?.wixRequestId).toBe(`wix-req-${status}`);
      const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === AUDIT_CHANNEL);
      expect(JSON.stringify(posts.map((post) => post.args.blocks))).toContain('invite.create');
    });

    it('does not repeat Create Invite after a 500', async () => {
      nockRoles();
      const scope = createScope().times(2).reply(500, {});

      await run('invite a@example.com --role "Website Manager"');

      expect(scope.pendingMocks()).toHaveLength(1);
    });
  });
});

describe('/wix invite with custom owner-level roles', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot({ policy: `${DEFAULT_POLICY}owner_level_roles: [Website Designer]\n` });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('rejects a role named in owner_level_roles', async () => {
    nockRoles();
    const create = nockCreateInvite([]);

    await t.command('invite x@example.com --role "Website Designer"');
    await t.settle();

    expect(create.isDone()).toBe(false);
    expect(JSON.stringify(t.slack.responses[0]?.body)).toContain('An invite cannot grant Website Designer');
  });

  it('offers the other roles in the form', async () => {
    nockRoles();

    await t.command('invite');
    await t.settle();

    const view = t.slack.callsTo('views.update')[0]!.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> };
    const offered = view.blocks.find((block) => block.block_id === 'invite_role')?.element?.options?.map((option) => option.value);
    expect(offered).toEqual(ROLES.filter((role) => role.name !== 'Website Designer').map((role) => role.id));
  });
});

describe('/wix invite form', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('opens the modal before Wix responds', async () => {
    const roles = nockRoles(ROLES, 1500);

    const ack = await t.command('invite');

    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    await vi.waitFor(() => expect(t.slack.callsTo('views.open')).toHaveLength(1));
    const opened = t.slack.callsTo('views.open')[0]!.args;
    expect(opened.trigger_id).toBe('1.2222.abcdef');
    expect(JSON.stringify(opened.view)).toContain('Loading from Wix');
    expect(t.slack.callsTo('views.update')).toHaveLength(0);

    await t.settle();

    expect(roles.isDone()).toBe(true);
    const updates = t.slack.callsTo('views.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args.view_id).toBe('V0VIEW1');
    const view = updates[0]!.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { type: string; options?: Array<{ value: string }> } }> };
    expect(view.callback_id).toBe('invite_submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'C0WORK001' });
    const roleBlock = view.blocks.find((block) => block.block_id === 'invite_role');
    expect(roleBlock?.element?.type).toBe('static_select');
    expect(roleBlock?.element?.options?.map((option) => option.value)).toEqual(ROLES.filter((role) => role.name !== 'Co-Owner').map((role) => role.id));
    const sitesBlock = view.blocks.find((block) => block.block_id === 'invite_sites');
    expect(sitesBlock?.element).toMatchObject({ type: 'multi_external_select', action_id: 'picker_sites' });
    expect(t.slack.responses).toHaveLength(0);
  });

  it('uses the searchable role picker past 100 roles', async () => {
    nockRoles(Array.from({ length: 101 }, (_, i) => ({ id: `role-${i}`, name: `Custom role ${i}` })));

    await t.command('invite');
    await t.settle();

    const view = t.slack.callsTo('views.update')[0]!.args.view as { blocks: Array<{ block_id?: string; element?: { type: string; action_id: string } }> };
    const roleBlock = view.blocks.find((block) => block.block_id === 'invite_role');
    expect(roleBlock?.element).toMatchObject({ type: 'external_select', action_id: 'picker_role' });
  });

  it('turns the modal into an error when Wix fails', async () => {
    const roles = nock(WIX_BASE).get('/roles-management/roles').times(3).reply(500, { message: 'boom' }, { 'x-wix-request-id': 'wix-req-roles' });

    await t.command('invite');
    await t.settle();

    expect(roles.isDone()).toBe(true);
    const updates = t.slack.callsTo('views.update');
    expect(updates).toHaveLength(1);
    const text = JSON.stringify(updates[0]!.args.view);
    expect(text).toContain('Wix had an internal error (500)');
    expect(text).toContain('wix-req-roles');
    expect(text).not.toContain('invite_submit');
  });

  it('shows a refusal in the modal without loading roles', async () => {
    const roles = nockRoles();

    await t.command('invite', 'U0GUEST01');
    await t.settle();

    expect(roles.isDone()).toBe(false);
    expect(JSON.stringify(t.slack.callsTo('views.update')[0]?.args.view)).toContain('Guests cannot use the bot');
  });
});
