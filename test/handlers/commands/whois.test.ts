import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../../src/views/limits.js';
import { ROLES, startTestBot, type TestBot } from '../../helpers/bot.js';
import { assignment, fakeWix, makeMember, makeSites, type FakeWix } from '../../helpers/fake-wix.js';

const [MANAGER, DESIGNER, CO_OWNER] = ROLES.map((role) => role.id) as [string, string, string];

function replyText(t: TestBot): string {
  return JSON.stringify(t.slack.responses[0]?.body.blocks);
}

describe('/wix whois', () => {
  let t: TestBot;
  let wix: FakeWix;
  const sites = makeSites(3);

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({
      sites,
      members: [
        makeMember(1, { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', assignments: [assignment(CO_OWNER, null)] }),
        makeMember(2, { first: 'Grace', last: 'Hopper', email: 'grace@example.com', assignments: [assignment(MANAGER, String(sites[0]!.id)), assignment(MANAGER, String(sites[1]!.id)), assignment(DESIGNER, 'deleted-site')] }),
        makeMember(3, { first: 'Sam', last: 'Twin', email: 'sam.one@example.com' }),
        makeMember(4, { first: 'Sam', last: 'Twin', email: 'sam.two@example.com' }),
        makeMember(5, { first: 'Case', last: 'Upper', email: 'Case@Example.com' }),
        makeMember(6, { first: 'Case', last: 'Lower', email: 'case@example.com' }),
      ],
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('shows roles with site names', async () => {
    await t.command('whois grace@example.com');
    await t.settle();

    const text = replyText(t);
    expect(text).toContain('Access of Grace Hopper');
    expect(text).toContain(`*Website Manager* on <https://manage.wix.com/dashboard/${String(sites[0]!.id)}|Site 1>`);
    expect(text).toContain('|Site 2>');
    expect(text).toContain('*Website Designer* on <https://manage.wix.com/dashboard/deleted-site|site deleted-site> _(not in the site list)_');
    expect(blockKitViolations('message', t.slack.responses[0]!.body)).toEqual([]);
  });

  it('shows an account-wide role', async () => {
    await t.command('whois Ada Lovelace');
    await t.settle();

    expect(replyText(t)).toContain('*Co-Owner* on the whole account (every site)');
  });

  it('finds a member by Wix user ID', async () => {
    await t.command(`whois ${String(wix.account.members[1]!.id)}`);
    await t.settle();

    expect(replyText(t)).toContain('Access of Grace Hopper');
  });

  it('finds a name without case', async () => {
    await t.command('whois "grace hopper"');
    await t.settle();

    expect(replyText(t)).toContain('Access of Grace Hopper');
  });

  it('lists both members who share a name', async () => {
    await t.command('whois Sam Twin');
    await t.settle();

    const text = replyText(t);
    expect(text).toContain('2 team members have the name');
    expect(text).toContain('sam.one@example.com');
    expect(text).toContain('sam.two@example.com');
  });

  it('lists emails that differ only in case', async () => {
    await t.command('whois CASE@example.com');
    await t.settle();

    const text = replyText(t);
    expect(text).toContain('2 team members have the email');
    expect(text).toContain('Case@Example.com');
  });

  it('suggests close matches when nobody matches', async () => {
    await t.command('whois Grace');
    await t.settle();

    const text = replyText(t);
    expect(text).toContain('No team member has the user ID, email or name');
    expect(text).toContain('Did you mean');
    expect(text).toContain('grace@example.com');
  });

  it('asks for a member when none is given', async () => {
    await t.command('whois');
    await t.settle();

    expect(replyText(t)).toContain('Name the member');
  });

  it('shows site IDs when site names cannot be read', async () => {
    wix.override('POST', '/site-list/v2/sites/query', 200, { sites: 'not a list' });

    await t.command('whois grace@example.com');
    await t.settle();

    expect(replyText(t)).toContain(`|site ${String(sites[0]!.id)}> _(not in the site list)_`);
    expect(t.logs.find('site names unavailable; sites shown by ID')).toBeDefined();
  });

  it('fits a member with 1,000 sites', async () => {
    const many = makeSites(1000, () => ({ displayName: `${'<b>'.repeat(160)}` }), 100);
    wix.account.sites.push(...many);
    wix.account.members.push(makeMember(7, { first: 'Busy', last: 'Person', email: 'busy@example.com', assignments: many.map((site) => assignment(MANAGER, String(site.id))) }));

    await t.command('whois busy@example.com');
    await t.settle();

    const message = t.slack.responses[0]!.body;
    expect(blockKitViolations('message', message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(/more assignments not shown/);
  });
});
