import { afterEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { ROLES, WIX_BASE, startTestBot, type TestBot } from '../helpers/bot.js';
import { TEAM_ID } from '../helpers/fake-slack.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request logger middleware', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it('binds the request ids to every line of a command', async () => {
    t = await startTestBot();

    await t.command('help', 'U0OWNER01');
    await t.settle();

    const line = t.logs.find('command received');
    expect(line).toBeDefined();
    expect(line?.reqId).toMatch(UUID);
    expect(line?.surface).toBe('slash_command');
    expect(line?.command).toBe('/wix');
    expect(line?.teamId).toBe(TEAM_ID);
    expect(line?.userId).toBe('U0OWNER01');
    expect(line?.triggerId).toBe('1.2222.abcdef');
    expect(line?.subcommand).toBe('help');
  });

  it('binds the request id to Wix and Slack client lines', async () => {
    t = await startTestBot();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    nock(WIX_BASE).post('/invites/account-invite/create').reply(200, { successfulInvites: [{ id: 'inv-1', email: 'a@example.com' }], failedInvites: [] });

    await t.command('invite a@example.com --role "Website Manager"', 'U0OWNER01');
    await t.settle();

    const reqId = t.logs.find('command received')?.reqId;
    const wixLines = t.logs.lines.filter((line) => line.msg === 'Wix request' && line.operation === 'Create Invite');
    expect(wixLines).toHaveLength(1);
    expect(wixLines[0]?.reqId).toBe(reqId);
    expect(wixLines[0]?.component).toBe('wix');
    const slackLines = t.logs.lines.filter((line) => line.component === 'slack' && line.reqId === reqId);
    expect(slackLines.length).toBeGreaterThan(0);
  });

  it('creates a new request id per request', async () => {
    t = await startTestBot();

    await t.command('help');
    await t.command('help');
    await t.settle();

    const ids = t.logs.lines.filter((line) => line.msg === 'command received').map((line) => line.reqId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('keeps the request id on a refusal line', async () => {
    t = await startTestBot();

    await t.command('help', 'U0GUEST01');
    await t.settle();

    const received = t.logs.find('command received');
    const rejected = t.logs.find('request rejected');
    expect(rejected?.reqId).toBe(received?.reqId);
    expect(rejected?.userId).toBe('U0GUEST01');
    expect(rejected?.code).toBe('policy_denied');
  });

  it('binds the event type and event id of an event', async () => {
    t = await startTestBot();

    await t.event({ type: 'app_home_opened', user: 'U0MEMBER1', channel: 'D0HOME001', tab: 'home', event_ts: '1767000000.000100' });
    await t.settle();

    const line = t.logs.find('home tab published');
    expect(line?.reqId).toMatch(UUID);
    expect(line?.surface).toBe('event_callback');
    expect(line?.callbackId).toBe('app_home_opened');
    expect(line?.teamId).toBe(TEAM_ID);
    expect(line?.userId).toBe('U0MEMBER1');
    expect(line?.eventId).toMatch(/^Ev0TEST/);
  });

  it('binds no payload text', async () => {
    t = await startTestBot();

    await t.command('help "secret words in the text"');
    await t.settle();

    expect(t.logs.raw.join('\n')).not.toContain('secret words in the text');
  });
});
