import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_CHANNEL, ROLES, WIX_ACCOUNT_ID, WIX_BASE, WORK_CHANNEL, startTestBot, type TestBot } from '../../helpers/bot.js';
import { TEAM_ID, USERS } from '../../helpers/fake-slack.js';
import { INVITE_PATH, SITES, nockCreateInvite, nockRoles, nockSites, type InviteBody } from '../../helpers/wix-invites.js';

const MANAGER = ROLES[0]!;
const CO_OWNER = ROLES[2]!;
const VIEW_ID = 'V0FORM001';

interface FormInput {
  emails?: string | null;
  roleId?: string | null;
  siteIds?: string[];
  /** Text of the selected role option, as the bot wrote it in the form. */
  roleName?: string;
  /** Uses the searchable role picker instead of the static select. */
  roleSearch?: boolean;
}

function formValues({ emails = 'new.member@example.com', roleId = MANAGER.id, roleName = 'role', siteIds = [], roleSearch = false }: FormInput = {}) {
  const selected = roleId === null ? null : { text: { type: 'plain_text', text: roleName }, value: roleId };
  return {
    invite_emails: { invite_emails_input: { type: 'plain_text_input', value: emails } },
    invite_role: roleSearch ? { picker_role: { type: 'external_select', selected_option: selected } } : { invite_role_select: { type: 'static_select', selected_option: selected } },
    invite_sites: { picker_sites: { type: 'multi_external_select', selected_options: siteIds.map((id) => ({ text: { type: 'plain_text', text: id }, value: id })) } },
  };
}

function submission(input: FormInput = {}, userId = 'U0OWNER01', privateMetadata = JSON.stringify({ channelId: WORK_CHANNEL })) {
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'test' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0TESTAPP',
    token: 'legacy-verification-token',
    trigger_id: '9.2222.abcdef',
    view: {
      id: VIEW_ID,
      team_id: TEAM_ID,
      type: 'modal',
      callback_id: 'invite_submit',
      private_metadata: privateMetadata,
      hash: 'h1',
      title: { type: 'plain_text', text: 'Wix invite' },
      blocks: [],
      state: { values: formValues(input) },
    },
    response_urls: [],
  };
}

describe('invite form submission', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  async function submit(input: FormInput = {}, userId?: string, privateMetadata?: string) {
    const response = await t.interact(submission(input, userId, privateMetadata));
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as { response_action: string; errors?: Record<string, string>; view?: unknown };
  }

  it('invites and posts the result', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockSites();
    const create = nockCreateInvite(bodies);

    const ack = await submit({ emails: 'a@example.com,\nb@example.com c@example.com', siteIds: [SITES[0]!.id] });
    await t.settle();

    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain('Sending 3 invites');
    expect(create.isDone()).toBe(true);
    expect(bodies[0]!.subjectsAssignments.map((s) => s.subjectEmail)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(bodies[0]!.subjectsAssignments[0]!.assignments).toEqual([
      { policyId: MANAGER.id, assignments: [{ fullNameResource: { siteContext: { metasiteId: SITES[0]!.id } } }] },
    ]);
    const update = t.slack.callsTo('views.update')[0]!.args;
    expect(update.view_id).toBe(VIEW_ID);
    expect(JSON.stringify(update.view)).toContain('Invited *3* of 3 addresses as *Website Manager*');
    const ephemeral = t.slack.callsTo('chat.postEphemeral')[0]!.args;
    expect(ephemeral.channel).toBe(WORK_CHANNEL);
    expect(ephemeral.user).toBe('U0OWNER01');
    expect(JSON.stringify(ephemeral.blocks)).toContain('the site *Main Shop*');
  });

  it('invites on the whole account without sites', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    await submit({ roleSearch: true });
    await t.settle();

    expect(bodies[0]!.subjectsAssignments[0]!.assignments[0]!.assignments).toEqual([{ fullNameResource: { accountContext: { accountId: WIX_ACCOUNT_ID } } }]);
  });

  it('falls back to a direct message', async () => {
    nockRoles();
    nockCreateInvite([]);
    t.slack.on('chat.postEphemeral', () => ({ ok: false, error: 'channel_not_found' }));

    await submit();
    await t.settle();

    const direct = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'U0OWNER01');
    expect(direct).toHaveLength(1);
    expect(JSON.stringify(direct[0]!.args.blocks)).toContain('new.member@example.com');
  });

  it('ignores invalid metadata', async () => {
    nockRoles();
    nockCreateInvite([]);

    await submit({}, 'U0OWNER01', '{"channelId":"<!channel>"}');
    await t.settle();

    expect(t.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'U0OWNER01')).toHaveLength(1);
  });

  it.each([
    ['an invalid address', { emails: 'ok@example.com, not-an-address' }, 'invite_emails', 'Not a valid email address: not-an-address'],
    ['no address', { emails: null }, 'invite_emails', 'Enter at least one email address.'],
    ['51 addresses', { emails: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`).join('\n') }, 'invite_emails', 'one invite takes at most 50'],
    ['no role', { roleId: null }, 'invite_role', 'Choose a role from the list.'],
    ['the no-match role option', { roleId: '__no_match__', roleSearch: true }, 'invite_role', 'Choose a role from the list.'],
    ['the no-match site option', { siteIds: ['__no_match__'] }, 'invite_sites', 'pick sites from the list'],
  ])('returns a field error for %s', async (_name, input, blockId, message) => {
    const create = nockCreateInvite([]);

    const ack = await submit(input as FormInput);
    await t.settle();

    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors ?? {})).toEqual([blockId]);
    expect(ack.errors?.[blockId]).toContain(message);
    expect(create.isDone()).toBe(false);
  });

  it('returns every field error at once', async () => {
    const ack = await submit({ emails: 'bad', roleId: null, siteIds: ['__no_match__'] });

    expect(Object.keys(ack.errors ?? {}).sort()).toEqual(['invite_emails', 'invite_role', 'invite_sites']);
  });

  it('rejects an owner-level role under the role field', async () => {
    const create = nockCreateInvite([]);

    const ack = await submit({ roleId: CO_OWNER.id, roleName: CO_OWNER.name });
    await t.settle();

    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors ?? {})).toEqual(['invite_role']);
    expect(ack.errors?.invite_role).toContain('An invite cannot grant Co-Owner');
    expect(ack.errors?.invite_role).toContain('/wix role MEMBER "Co-Owner" --reason TEXT');
    expect(create.isDone()).toBe(false);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'invite.create' })).toHaveLength(0);
    const [refusal] = t.bot.deps.store.audit.query({ limit: 5, action: 'invite.refused' });
    expect(refusal?.outcome).toBe('refused');
    expect(refusal?.details).toEqual({ reason: 'owner_level_role', surface: 'modal' });
    expect(refusal?.targets).toContainEqual({ type: 'role', id: CO_OWNER.id, name: 'Co-Owner' });
  });

  it('rejects an owner-level role chosen by ID alone', async () => {
    nockRoles();
    const create = nockCreateInvite([]);

    const ack = await submit({ roleId: CO_OWNER.id, roleName: 'renamed option', roleSearch: true });
    await t.settle();

    expect(ack.response_action).toBe('update');
    expect(create.isDone()).toBe(false);
    expect(JSON.stringify(t.slack.callsTo('views.update')[0]?.args.view)).toContain('An invite cannot grant Co-Owner');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'invite.create' })).toHaveLength(0);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'invite.refused' })).toHaveLength(1);
  });

  it('refuses a forged submission from a guest', async () => {
    const create = nockCreateInvite([]);

    const ack = await submit({}, 'U0GUEST01');
    await t.settle();

    expect(ack.response_action).toBe('update');
    const update = t.slack.callsTo('views.update')[0]?.args;
    expect(update?.view_id).toBe(VIEW_ID);
    expect(JSON.stringify(update?.view)).toContain('Guests cannot use the bot');
    expect(create.isDone()).toBe(false);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'invite.create' })).toHaveLength(0);
    const [refusal] = t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' });
    expect(refusal?.actor).toEqual({ kind: 'user', teamId: TEAM_ID, userId: 'U0GUEST01' });
    expect(refusal?.details).toMatchObject({ subcommand: 'invite', surface: 'modal' });
  });

  it('refuses a member missing from the policy rule', async () => {
    const create = nockCreateInvite([]);

    await submit({}, 'U0MEMBER1');
    await t.settle();

    expect(JSON.stringify(t.slack.callsTo('views.update')[0]?.args.view)).toContain('commands.invite');
    expect(create.isDone()).toBe(false);
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
  });

  it('acks before Slack answers users.info', async () => {
    const create = nockCreateInvite([]);
    const order: string[] = [];
    let answerUsersInfo: () => void = () => undefined;
    const usersInfoAnswered = new Promise<void>((resolve) => {
      answerUsersInfo = resolve;
    });
    t.slack.on('users.info', async (args) => {
      await usersInfoAnswered;
      order.push('users.info answered');
      return { ok: true, user: USERS[String(args.user)] };
    });

    const ack = await submit({}, 'U0GUEST01');
    order.push('submission answered');
    answerUsersInfo();
    await t.settle();

    expect(order).toEqual(['submission answered', 'users.info answered']);
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain('Sending 1 invite');
    expect(JSON.stringify(t.slack.callsTo('views.update')[0]?.args.view)).toContain('Guests cannot use the bot');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
    expect(create.isDone()).toBe(false);
  });

  it('sends once for a double submit', async () => {
    nockRoles();
    const create = nock(WIX_BASE)
      .post(INVITE_PATH)
      .times(2)
      .reply(200, { successfulInvites: [{ id: '9e9e9e9e-0000-4000-8000-000000000001', email: 'new.member@example.com' }] }, { 'x-wix-request-id': 'wix-req-once' });

    const [first, second] = await Promise.all([t.interact(submission()), t.interact(submission())]);
    await t.settle();

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    for (const response of [first, second]) expect(JSON.stringify(JSON.parse(response.body).view)).toContain('Sending 1 invite');
    expect(create.pendingMocks()).toHaveLength(1);
    expect(t.bot.deps.store.audit.query({ limit: 10, action: 'invite.create' }).filter((event) => event.outcome === 'succeeded')).toHaveLength(1);
    expect(t.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('accepts a corrected form after field errors', async () => {
    const bodies: InviteBody[] = [];
    nockRoles();
    nockCreateInvite(bodies);

    const rejected = await submit({ emails: 'not-an-address' });
    const accepted = await submit();
    await t.settle();

    expect(rejected.response_action).toBe('errors');
    expect(accepted.response_action).toBe('update');
    expect(bodies).toHaveLength(1);
  });

  it('reports a Wix failure in both places', async () => {
    nockRoles();
    nock(WIX_BASE).post(INVITE_PATH).reply(403, { message: 'forbidden' }, { 'x-wix-request-id': 'wix-req-403' });

    await submit();
    await t.settle();

    expect(JSON.stringify(t.slack.callsTo('views.update')[0]?.args.view)).toContain('lacks the permission');
    expect(JSON.stringify(t.slack.callsTo('chat.postEphemeral')[0]?.args.blocks)).toContain('lacks the permission');
    const [event] = t.bot.deps.store.audit.query({ limit: 5, action: 'invite.create' });
    expect(event?.outcome).toBe('failed');
    expect(event?.wixRequestId).toBe('wix-req-403');
  });

  it('records and delivers the audit event', async () => {
    nockRoles();
    nockCreateInvite([], { 'new.member@example.com': 'Already invited' });

    await submit();
    await t.settle();

    const [event] = t.bot.deps.store.audit.query({ limit: 5, action: 'invite.create' });
    expect(event?.outcome).toBe('failed');
    expect(event?.actor).toEqual({ kind: 'user', teamId: TEAM_ID, userId: 'U0OWNER01' });
    const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === AUDIT_CHANNEL);
    expect(JSON.stringify(posts.map((post) => post.args.blocks))).toContain(event!.eventId);
  });
});
