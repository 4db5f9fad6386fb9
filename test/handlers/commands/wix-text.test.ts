import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES, startTestBot, type TestBot } from '../../helpers/bot.js';
import { assignment, fakeWix, makeMember, makeSites } from '../../helpers/fake-wix.js';

const [MANAGER] = ROLES.map((role) => role.id) as [string];

function lastReply(t: TestBot): Record<string, unknown> {
  const response = t.slack.responses.at(-1);
  if (!response) throw new Error('no response_url post');
  return response.body;
}

/** Joins the mrkdwn texts of a message's sections and context blocks, where Slack reads formatting. */
function mrkdwnTexts(message: Record<string, unknown>): string {
  const texts: string[] = [];
  for (const block of (message.blocks as Array<{ text?: { type: string; text: string }; elements?: Array<{ type: string; text?: string }> }> | undefined) ?? []) {
    if (block.text?.type === 'mrkdwn') texts.push(block.text.text);
    for (const element of block.elements ?? []) if (element.type === 'mrkdwn' && element.text) texts.push(element.text);
  }
  return texts.join('\n');
}

describe('Wix text in list views', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
    const sites = makeSites(2, (i) => ({ displayName: i === 1 ? 'Shop\n*Owner:* everyone <!here>' : '*bold* _it_ ~s~ `c`' }));
    fakeWix({
      sites,
      members: [
        makeMember(1, { first: 'Eve', last: 'X\nRoles: Co-Owner', email: 'eve@example.com', assignments: [assignment(MANAGER, String(sites[0]!.id))] }),
        makeMember(2, { first: '*Boss*', last: '_x_ <@U0OWNER01>', email: 'boss@example.com', assignments: [assignment(MANAGER, String(sites[1]!.id))] }),
      ],
      registeredDomains: [{ domain: '<!channel>\n*evil*.com', status: 'ACTIVE\n*fine*', siteId: String(sites[0]!.id) }],
      childAccounts: [{ id: 'child-1', name: 'Kid\n*Main account:* fake' }],
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('keeps team names on one line', async () => {
    await t.command('team');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).toContain('Eve X Roles: Co-Owner');
    expect(text).not.toContain('X\nRoles: Co-Owner');
  });

  it('keeps names from closing bold', async () => {
    await t.command('team');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).not.toContain('*Boss*');
    expect(text).toContain('\u2217Boss\u2217');
    expect(text).not.toContain('<@U0OWNER01>');
  });

  it('keeps whois site names on one line', async () => {
    await t.command('whois boss@example.com');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('Shop\n');
    expect(text).not.toContain('*Owner:*');
  });

  it('keeps site names on one line', async () => {
    await t.command('sites');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).not.toContain('Shop\n');
    expect(text).not.toContain('*bold*');
    expect(text).not.toContain('`c`');
  });

  it('keeps domains and statuses on one line', async () => {
    await t.command('domains');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('\n*evil*');
    expect(text).not.toContain('ACTIVE\n');
  });

  it('keeps child account names on one line', async () => {
    await t.command('accounts');
    await t.settle();

    const text = mrkdwnTexts(lastReply(t));
    expect(text).not.toContain('Kid\n');
    expect(text).not.toContain('*Main account:* fake');
  });
});
