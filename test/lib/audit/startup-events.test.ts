import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app.js';
import { loadConfig } from '../../../src/lib/config.js';
import { ConfigError } from '../../../src/lib/errors.js';
import { Store } from '../../../src/lib/store/index.js';
import { AUDIT_CHANNEL, startTestBot, WIX_ACCOUNT_ID, type TestBot } from '../../helpers/bot.js';
import { SLACK_API } from '../../helpers/fake-slack.js';
import { captureLogger } from '../../helpers/audit.js';

function undeliveredActions(dataDir: string): Array<{ action: string; reason: unknown }> {
  const store = new Store({ dataDir });
  const events = store.audit.undelivered(10).map((event) => ({ action: event.action, reason: event.details.reason }));
  store.close();
  return events;
}

describe('start-up failures in the audit log', () => {
  let t: TestBot | undefined;

  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('delivers an invalid policy event later', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-test-'));

    await expect(startTestBot({ dataDir, policy: 'commands:\n  invtie: everyone\n' })).rejects.toThrow(ConfigError);
    const stored = undeliveredActions(dataDir);
    // The failed start left its fake Slack installed; the next start's fake must receive the calls instead.
    nock.cleanAll();
    t = await startTestBot({ dataDir });
    await t.settle();

    expect(stored).toHaveLength(1);
    expect(stored[0]?.action).toBe('bot.config_error');
    expect(String(stored[0]?.reason)).toContain('invtie');
    const posted = JSON.stringify(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === AUDIT_CHANNEL).map((call) => call.args.blocks));
    expect(posted).toContain('*bot.config_error* · failed · by the bot');
    expect(posted.indexOf('bot.config_error')).toBeLessThan(posted.indexOf('bot.start'));
    expect(t.bot.deps.store.audit.countUndelivered()).toBe(0);
  });

  it('stores a rejected Slack token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-test-'));
    nock(SLACK_API).post('/api/auth.test').reply(200, { ok: false, error: 'invalid_auth' });

    await expect(startTestBot({ dataDir })).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);

    const stored = undeliveredActions(dataDir);
    expect(stored.map((event) => event.action)).toEqual(['bot.config_error']);
    expect(String(stored[0]?.reason)).toContain('invalid_auth');
  });

  it('keeps the policy error without DATA_DIR', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wix-team-bot-test-'));
    const notADirectory = join(folder, 'file');
    writeFileSync(notADirectory, 'x');
    const policyFile = join(folder, 'policy.yml');
    writeFileSync(policyFile, 'commands: [');
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-bot-token',
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
      WIX_API_KEY: 'test-wix-api-key-0123456789abcdef',
      WIX_ACCOUNT_ID,
      AUDIT_CHANNEL_ID: AUDIT_CHANNEL,
      POLICY_FILE: policyFile,
      DATA_DIR: notADirectory,
    });
    const { logs, logger } = captureLogger();

    await expect(createBot(config, { logger })).rejects.toThrow(/Policy file .* is not valid YAML/);

    expect(logs.find('could not open the store to record the start-up failure')?.level).toBe(40);
  });
});
