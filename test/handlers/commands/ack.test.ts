import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES, WIX_BASE, startTestBot, type TestBot } from '../../helpers/bot.js';
import { stubWixSubcommand } from '../../helpers/stub-subcommand.js';

describe('/wix ack', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it('answers Slack before a slow Wix call returns', async () => {
    const events: string[] = [];
    t = await startTestBot({ subcommands: [stubWixSubcommand(events)] });
    const wix = nock(WIX_BASE).get('/roles-management/roles').delay(1_500).reply(200, { roles: ROLES });

    const ack = await t.command('sites');
    events.push('ack received');
    await t.settle();

    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(events).toEqual(['ack received', 'wix returned']);
    expect(wix.isDone()).toBe(true);
    expect(t.slack.responses.map((r) => r.body.text)).toEqual(['4 roles']);
  });

});
