import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../../helpers/bot.js';

function replyText(t: TestBot, index = 0): string {
  return JSON.stringify(t.slack.responses[index]?.body ?? {});
}

describe('authorization through /wix', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it('refuses an unlisted subcommand for everyone, naming the rule', async () => {
    t = await startTestBot({ policy: 'commands:\n  sites: everyone\n' });

    await t.command('help', 'U0OWNER01');
    await t.settle();

    const reply = t.slack.responses[0]?.body;
    expect(reply?.response_type).toBe('ephemeral');
    expect(replyText(t)).toContain('No one may run `/wix help`');
    expect(replyText(t)).toContain('commands.help');
    const refusal = t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' });
    expect(refusal).toHaveLength(1);
  });

  it.each([
    ['U0GUEST01', 'Guests cannot use the bot'],
    ['U0SINGLE1', 'Guests cannot use the bot'],
    ['U0EXTERN1', 'other workspaces'],
    ['U0DELETED', 'Deactivated users'],
    ['U0ROBOT01', 'Bots cannot'],
  ])('keeps %s out of "everyone"', async (userId, reason) => {
    t = await startTestBot({ policy: 'commands:\n  help: everyone\n' });

    await t.command('help', userId);
    await t.settle();

    expect(replyText(t)).toContain(reason);
    expect(replyText(t)).not.toContain('/wix help`');
  });

  it('lets a full member in through "everyone"', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: everyone\n' });

    await t.command('help', 'U0MEMBER1');
    await t.settle();

    expect(replyText(t)).toContain('wix-team-bot commands');
  });

  it('refuses a guest even when listed by ID', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: [U0GUEST01]\n' });

    await t.command('help', 'U0GUEST01');
    await t.settle();

    expect(replyText(t)).toContain('Guests cannot use the bot');
  });

  it('refuses a user missing from the rule, naming it', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: [U0OWNER01, S0LEADS01]\n' });

    await t.command('help', 'U0MEMBER1');
    await t.settle();

    expect(replyText(t)).toContain('You are not listed in `commands.help`');
  });

  it('expands a user group at each request', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: [S0LEADS01]\n' });
    let members = ['U0LEAD001'];
    t.slack.on('usergroups.users.list', () => ({ ok: true, users: members }));

    await t.command('help', 'U0MEMBER1');
    await t.settle();
    members = ['U0LEAD001', 'U0MEMBER1'];
    await t.command('help', 'U0MEMBER1');
    await t.settle();

    expect(replyText(t, 0)).toContain('You are not listed in `commands.help`');
    expect(replyText(t, 1)).toContain('wix-team-bot commands');
    const lookups = t.slack.callsTo('usergroups.users.list');
    expect(lookups).toHaveLength(2);
    expect(lookups[0]?.args.usergroup).toBe('S0LEADS01');
  });

  it('treats a deleted user group as granting nothing', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: [S0GONE001]\n' });

    await t.command('help', 'U0OWNER01');
    await t.settle();

    expect(replyText(t)).toContain('You are not listed in `commands.help`');
  });

  it('fails closed when the group lookup fails', async () => {
    t = await startTestBot({ policy: 'commands:\n  help: [S0LEADS01]\n' });
    t.slack.on('usergroups.users.list', () => ({ ok: false, error: 'ratelimited' }));

    await t.command('help', 'U0LEAD001');
    await t.settle();

    expect(replyText(t)).toContain('Slack did not answer a user group lookup');
    expect(replyText(t)).not.toContain('wix-team-bot commands');
  });
});
