import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../../src/views/limits.js';
import { TEAM_MEMBER_MENU_ACTION } from '../../../src/views/team.js';
import { ROLES, startTestBot, type TestBot } from '../../helpers/bot.js';
import { assignment, fakeWix, makeMember, makeSites, type FakeWix } from '../../helpers/fake-wix.js';
import { blockAction } from '../../helpers/payloads.js';

const [MANAGER, DESIGNER, CO_OWNER] = ROLES.map((role) => role.id) as [string, string, string];

function reply(t: TestBot, index = 0): Record<string, unknown> {
  const response = t.slack.responses[index];
  if (!response) throw new Error(`no response_url post #${index}`);
  return response.body;
}

function blocksText(message: Record<string, unknown>): string {
  return JSON.stringify(message.blocks);
}

function nextValue(message: Record<string, unknown>): string {
  const blocks = message.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>;
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'team_page:next');
  if (!button?.value) throw new Error('no Next button');
  return button.value;
}

describe('/wix team', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    const sites = makeSites(3);
    wix = fakeWix({
      sites,
      members: [
        makeMember(1, { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', assignments: [assignment(CO_OWNER, null)] }),
        makeMember(2, { first: 'Grace', last: 'Hopper', email: 'grace@example.com', assignments: [assignment(MANAGER, String(sites[0]!.id)), assignment(DESIGNER, String(sites[1]!.id))] }),
        makeMember(3, { first: 'Linus', last: 'Example', email: 'linus@example.com', assignments: [] }),
      ],
      invites: [{ id: 'inv-1', email: 'new@example.com', status: 'Pending', policyIds: [DESIGNER], dateCreated: '2026-11-30T10:00:00.000Z' }],
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('lists members with roles, site reach and invites', async () => {
    await t.command('team');
    await t.settle();

    const message = reply(t);
    const text = blocksText(message);
    expect(message.response_type).toBe('ephemeral');
    expect(text).toContain('3 members · 1 pending invite');
    expect(text).toContain('*Ada Lovelace* · ada@example.com');
    expect(text).toContain('Roles: Co-Owner');
    expect(text).toContain('Can reach all sites (3)');
    expect(text).toContain('Roles: Website Designer, Website Manager');
    expect(text).toContain('Can reach 2 sites');
    expect(text).toContain('Roles: no role');
    expect(text).toContain('new@example.com · _pending invite_');
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('filters by role without case', async () => {
    await t.command('team website manager');
    await t.settle();

    const text = blocksText(reply(t));
    expect(text).toContain('Grace Hopper');
    expect(text).not.toContain('Ada Lovelace');
    expect(text).toContain('1 match for “website manager”');
  });

  it('filters by email and matches invites', async () => {
    await t.command('team NEW@example');
    await t.settle();

    const text = blocksText(reply(t));
    expect(text).toContain('new@example.com');
    expect(text).not.toContain('grace@example.com');
  });

  it('escapes member names from Wix', async () => {
    wix.account.members.push(makeMember(4, { first: '<!channel>', last: '<https://evil.test|click>', email: 'x@example.com' }));

    await t.command('team');
    await t.settle();

    const text = blocksText(reply(t));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<https://evil.test');
  });

  it('says that nothing matches', async () => {
    await t.command('team nobody-at-all');
    await t.settle();

    expect(blocksText(reply(t))).toContain('No member or invite matches');
  });

  it('names the endpoint and field when Search Team changes shape', async () => {
    wix.override('POST', '/roles-management/v3/team/search', 200, { users: [{ email: 'no-id@example.com' }] });

    await t.command('team');
    await t.settle();

    const text = blocksText(reply(t));
    expect(text).toContain('Search Team');
    expect(text).toContain('users.0');
  });

  it('reports an empty Search Team reply', async () => {
    wix.override('POST', '/roles-management/v3/team/search', 200, {});

    await t.command('team');
    await t.settle();

    const text = blocksText(reply(t));
    expect(text).toContain('Search Team');
    expect(text).not.toContain('no members');
  });

  it('refuses a guest', async () => {
    await t.command('team', 'U0GUEST01');
    await t.settle();

    expect(blocksText(reply(t))).toContain('Guests cannot use the bot');
    expect(wix.calls).toHaveLength(0);
  });
});

describe('/wix team paging', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
    const longName = 'N<&>'.repeat(125);
    fakeWix({
      sites: makeSites(2),
      members: Array.from({ length: 300 }, (_, i) =>
        makeMember(i + 1, { first: longName, last: String(i + 1).padStart(3, '0'), email: `${'e'.repeat(480)}${i}@example.com`, assignments: ROLES.map((role) => assignment(role.id, `site-${i}`)) }),
      ),
      invites: Array.from({ length: 40 }, (_, i) => ({ id: `inv-${i}`, email: `${'i'.repeat(300)}${i}@example.com`, policyIds: ROLES.map((role) => role.id) })),
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('pages 300 long members within Block Kit limits', async () => {
    await t.command('team');
    await t.settle();
    let message = reply(t);
    const pages = [message];
    for (let page = 1; page < 23; page++) {
      await t.interact(blockAction({ actionId: 'team_page:next', value: nextValue(message) }));
      await t.settle();
      message = reply(t, page);
      pages.push(message);
    }

    expect(pages.map((m) => blockKitViolations('message', m))).toEqual(pages.map(() => []));
    expect(blocksText(pages[0]!)).toContain('Members and invites 1–15 of 340 · page 1 of 23');
    expect(blocksText(pages[22]!)).toContain('page 23 of 23');
    expect(blocksText(pages[22]!)).not.toContain('team_page:next');
    expect(pages.slice(1).every((m) => m.replace_original === true)).toBe(true);
  });

  it('goes back with Previous', async () => {
    await t.command('team');
    await t.settle();
    await t.interact(blockAction({ actionId: 'team_page:next', value: nextValue(reply(t)) }));
    await t.settle();
    const second = reply(t, 1);
    const blocks = second.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
    const previous = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'team_page:previous');

    await t.interact(blockAction({ actionId: 'team_page:previous', value: previous?.value ?? '' }));
    await t.settle();

    expect(blocksText(reply(t, 2))).toContain('page 1 of 23');
  });

  it('keeps the query across pages', async () => {
    await t.command('team example');
    await t.settle();

    expect(nextValue(reply(t))).toBe(JSON.stringify({ p: 1, q: 'example' }));
  });

  it('rejects a page button over 2,000 characters', async () => {
    await t.interact(blockAction({ actionId: 'team_page:next', value: JSON.stringify({ p: 0, q: 'x'.repeat(10_000) }) }));
    await t.settle();

    expect(t.slack.responses).toHaveLength(1);
    expect(blocksText(reply(t))).toContain('This page button is not valid');
  });

  it('rejects a menu option over 150 characters', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'access', m: 'x'.repeat(200) }) }));
    await t.settle();

    expect(t.slack.responses).toHaveLength(1);
    expect(blocksText(reply(t))).toContain('This menu option is not valid');
  });

  it('rejects a tampered page button', async () => {
    await t.interact(blockAction({ actionId: 'team_page:next', value: JSON.stringify({ p: 1, q: 'x', extra: true }) }));
    await t.settle();

    const message = reply(t);
    expect(blocksText(message)).toContain('This page button is not valid');
    expect(message.replace_original).toBe(false);
  });

  it('authorizes the click again', async () => {
    await t.interact(blockAction({ actionId: 'team_page:next', value: JSON.stringify({ p: 1, q: '' }), userId: 'U0GUEST01' }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('Guests cannot use the bot');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
  });

  it('clamps a page past the end to the last page', async () => {
    await t.interact(blockAction({ actionId: 'team_page:next', value: JSON.stringify({ p: 9000, q: '' }) }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('page 23 of 23');
  });
});

describe('/wix team member menu', () => {
  let t: TestBot;
  let memberId: string;

  beforeEach(async () => {
    t = await startTestBot();
    const sites = makeSites(2);
    const member = makeMember(1, { first: 'Grace', last: 'Hopper', email: 'grace@example.com', assignments: [assignment(MANAGER, String(sites[0]!.id))] });
    memberId = String(member.id);
    fakeWix({ sites, members: [member] });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('shows access from the menu', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'access', m: memberId }) }));
    await t.settle();

    const message = reply(t);
    expect(message.replace_original).toBe(false);
    expect(blocksText(message)).toContain('Access of Grace Hopper');
    expect(blocksText(message)).toContain('*Website Manager* on <https://manage.wix.com/dashboard/');
  });

  it('opens the remove form with the member chosen', async () => {
    await t.bot.deps.pickers.members.items();

    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'remove', m: memberId }) }));
    await t.settle();

    const opened = t.slack.callsTo('views.open');
    expect(opened).toHaveLength(1);
    expect(JSON.stringify(opened[0]!.args.view)).not.toContain('Grace');
    const updated = t.slack.callsTo('views.update');
    expect(updated).toHaveLength(1);
    const view = updated[0]!.args.view as { callback_id: string; blocks: Array<{ block_id?: string; element?: { initial_option?: { value: string; text: { text: string } } } }> };
    expect(view.callback_id).toBe('approval_request_remove');
    const member = view.blocks.find((block) => block.block_id === 'member');
    expect(member?.element?.initial_option?.value).toBe(memberId);
    expect(member?.element?.initial_option?.text.text).toBe('Grace Hopper');
    expect(JSON.stringify(view.blocks[0])).toContain('Member: *Grace Hopper (grace@example.com)*');
    expect(t.slack.responses).toHaveLength(0);
  });

  for (const userId of ['U0GUEST01', 'U0MEMBER1']) {
    it(`opens no named form for ${userId}`, async () => {
      await t.bot.deps.pickers.members.items();

      await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'role', m: memberId }), userId }));
      await t.settle();

      const views = JSON.stringify([...t.slack.callsTo('views.open'), ...t.slack.callsTo('views.update')].map((call) => call.args.view));
      const replies = JSON.stringify(t.slack.responses.map((response) => response.body));
      expect(views + replies).not.toContain('Grace');
      expect(views + replies).not.toContain('grace@example.com');
      expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
    });

    it(`sends no command hint to ${userId}`, async () => {
      t.slack.on('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));

      await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'remove', m: memberId }), userId }));
      await t.settle();

      const replies = JSON.stringify(t.slack.responses.map((response) => response.body));
      expect(t.slack.responses).toHaveLength(1);
      expect(replies).not.toContain('Grace');
      expect(replies).not.toContain('grace@example.com');
      const refusals = t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' });
      expect(refusals).toHaveLength(1);
      expect(JSON.stringify(refusals[0])).toContain('remove');
    });
  }

  it('opens the role form before the member list loads', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'role', m: memberId }) }));
    await t.settle();

    const view = t.slack.callsTo('views.open')[0]?.args.view as { callback_id: string; blocks: Array<{ block_id?: string; element?: { initial_option?: { value: string; text: { text: string } } } }> };
    expect(view.callback_id).toBe('approval_request_role');
    const member = view.blocks.find((block) => block.block_id === 'member');
    expect(member?.element?.initial_option).toEqual({ text: { type: 'plain_text', text: `Wix user ${memberId}` }, value: memberId });
  });

  it('replaces the form when the user may not remove', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'remove', m: memberId }), userId: 'U0MEMBER1' }));
    await t.settle();

    const updated = t.slack.callsTo('views.update');
    expect(updated).toHaveLength(1);
    expect(JSON.stringify(updated[0]?.args.view)).toContain('commands.remove');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' })).toHaveLength(1);
  });

  it('sends the command when the form cannot open', async () => {
    t.slack.on('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));

    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'remove', m: memberId }) }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('`/wix remove grace@example.com --reason \\"REASON\\"`');
  });

  it('sends the role command when the form cannot open', async () => {
    t.slack.on('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));

    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'role', m: memberId }) }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('`/wix role grace@example.com \\"ROLE NAME\\" --reason \\"REASON\\"`');
  });

  it('rejects an unknown operation', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'delete', m: memberId }) }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('This menu option is not valid');
  });

  it('says when the member has left', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'access', m: 'gone-member' }) }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('no longer on the team');
  });

  it('refuses a user from another workspace', async () => {
    await t.interact(blockAction({ actionId: TEAM_MEMBER_MENU_ACTION, selectedValue: JSON.stringify({ o: 'access', m: memberId }), userId: 'U0EXTERN1' }));
    await t.settle();

    expect(blocksText(reply(t))).toContain('other workspaces');
  });
});
