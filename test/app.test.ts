import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, StartupError, type Bot } from '../src/app.js';
import { loadConfig } from '../src/lib/config.js';
import { ConfigError } from '../src/lib/errors.js';
import { createLogger } from '../src/lib/logger.js';
import { DEFAULT_POLICY, ROLES, WIX_BASE, testEnv } from './helpers/bot.js';
import { FakeSlack, SLACK_API } from './helpers/fake-slack.js';
import { LogCapture } from './helpers/logs.js';

function setup(env: Record<string, string> = {}, policy = DEFAULT_POLICY) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-app-'));
  const policyFile = join(dataDir, 'policy.yml');
  writeFileSync(policyFile, policy);
  const config = loadConfig(testEnv({ POLICY_FILE: policyFile, DATA_DIR: dataDir, ...env }));
  const logs = new LogCapture();
  const create = () =>
    createBot(config, {
      logger: createLogger('debug', logs),
      slackRetries: 0,
      wixRetry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      // The picker warm-up would consume the Get Roles Info interceptors these tests count.
      warmPickers: false,
    });
  return { config, logs, create, dataDir };
}

function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The receiver Bolt chose; private in Bolt's types, so it is read through a cast. */
function receiverOf(bot: Bot): unknown {
  return (bot.app as unknown as { receiver: unknown }).receiver;
}

async function startupError(create: () => Promise<Bot>): Promise<StartupError> {
  const error = await create().then(
    (bot) => bot.stop().then(() => new Error('createBot resolved')),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe('start-up checks', () => {
  it.each(['invalid_auth', 'token_revoked', 'account_inactive'])('names a Slack token rejected with %s', async (code) => {
    new FakeSlack().on('auth.test', () => ({ ok: false, error: code }));
    const { create } = setup();

    const error = await startupError(create);

    expect(error.code).toBe('startup_failed');
    expect(error.message).toContain(`Slack rejected SLACK_BOT_TOKEN (${code})`);
    expect(error.message).toContain('OAuth & Permissions');
  });

  it('names Slack unreachable with the API URL', async () => {
    nock(SLACK_API).post(/.*/).times(5).replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
    const { create } = setup();

    const error = await startupError(create);

    expect(error.message).toMatch(/^Slack cannot be reached at https:\/\/slack\.test\/api\/ \(.*\)\. Check the network, proxy and SLACK_API_URL\.$/);
  });

  it.each([401, 403])('names a Wix key rejected with %i', async (status) => {
    new FakeSlack();
    const scope = nock(WIX_BASE)
      .get('/roles-management/roles')
      .reply(status, { message: 'denied', details: { applicationError: { code: 'PERMISSION_DENIED', description: 'denied' } } }, { 'x-wix-request-id': 'req-denied' });
    const { create } = setup();

    const error = await startupError(create);

    expect(scope.isDone()).toBe(true);
    expect(error.message).toContain(`Wix rejected WIX_API_KEY for account 11111111-1111-4111-8111-111111111111 (HTTP ${status}, x-wix-request-id req-denied)`);
    expect(error.message).toContain('WIX_ACCOUNT_ID');
  });

  it('names Wix unreachable with the base URL', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').times(2).replyWithError(networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND wix.test'));
    const { create } = setup();

    const error = await startupError(create);

    expect(error.message).toMatch(/^Wix cannot be reached at https:\/\/wix\.test \(.*ENOTFOUND.*\)\. Check the network, proxy and WIX_API_BASE_URL\.$/);
  });

  it('names an unexpected Wix answer', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { nothing: true });
    const { create } = setup();

    const error = await startupError(create);

    expect(error.message).toContain('The Wix check (Get Roles Info) failed: Unexpected response from Wix Get Roles Info');
  });

  it('stops at an invalid policy file before calling Slack', async () => {
    const slack = new FakeSlack();
    const { create } = setup({}, 'commands:\n  invtie: everyone\n');

    const error = await create().catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('commands.invtie: unknown key');
    expect(slack.calls).toEqual([]);
  });

  it('names a DATA_DIR that cannot be created', async () => {
    const slack = new FakeSlack();
    const { dataDir } = setup();
    const blocker = join(dataDir, 'a-file');
    writeFileSync(blocker, '');
    const { create } = setup({ DATA_DIR: join(blocker, 'data') });

    const error = await startupError(create);

    expect(error.message).toMatch(/^The store in DATA_DIR .*a-file\/data cannot be opened \(.*\)\. Check that the folder exists or can be created and is writable\.$/);
    expect(slack.calls).toEqual([]);
  });

  it('names a port in use', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').times(2).reply(200, { roles: ROLES });
    const first = await setup().create();
    const server = await first.start();
    const port = String((server!.address() as { port: number }).port);
    const second = await setup({ PORT: port }).create();

    const error = await second.start().catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(`PORT ${port} is already in use. Stop the other process or set PORT to a free port.`);
    await second.stop();
    await first.stop();
  });
});

describe('receiver choice', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    const bot = await setup({ SLACK_APP_TOKEN: 'xapp-1-A0TESTAPP-1-abcdef' }).create();

    expect(bot.mode).toBe('socket');
    expect(receiverOf(bot)).toBeInstanceOf(SocketModeReceiver);
    await bot.stop();
  });

  it('uses HTTP mode without SLACK_APP_TOKEN', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    const bot = await setup().create();

    expect(bot.mode).toBe('http');
    expect(receiverOf(bot)).toBeInstanceOf(HTTPReceiver);
    await bot.stop();
  });
});

describe('bot lifecycle', () => {
  it('records bot.start and bot.stop and closes the store', async () => {
    const slack = new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    const { create, logs } = setup();
    const bot = await create();
    await bot.start();

    await bot.stop();

    const actions = slack.callsTo('chat.postMessage').map((call) => JSON.stringify(call.args.blocks));
    expect(actions.join('\n')).toContain('bot.start');
    expect(actions.join('\n')).toContain('bot.stop');
    expect(bot.deps.store.database.open).toBe(false);
    expect(logs.find('bot stopped')).toBeDefined();
  });

  it('stops once when asked twice', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    const bot = await setup().create();
    await bot.start();

    await Promise.all([bot.stop(), bot.stop()]);

    expect(bot.deps.store.database.open).toBe(false);
  });

  it('logs the real port of an ephemeral HTTP server', async () => {
    new FakeSlack();
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
    const { create, logs } = setup();
    const bot = await create();

    const server = await bot.start();

    const started = logs.find('bot started');
    expect(started?.port).toBe((server!.address() as { port: number }).port);
    expect(started?.port).not.toBe(0);
    await bot.stop();
  });
});
