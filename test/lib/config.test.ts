import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.js';
import { loadConfig } from '../../src/lib/config.js';

const VALID = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef',
  SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
  WIX_API_KEY: 'IST.test-wix-api-key-0123456789',
  WIX_ACCOUNT_ID: '11111111-1111-4111-8111-111111111111',
  AUDIT_CHANNEL_ID: 'C0AUDIT01',
};

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('applies the defaults to a minimal environment', () => {
    const config = loadConfig(VALID);

    expect(config).toEqual({
      slack: { botToken: VALID.SLACK_BOT_TOKEN, signingSecret: VALID.SLACK_SIGNING_SECRET, appToken: undefined, apiUrl: 'https://slack.com/api/' },
      port: 3000,
      wix: { apiKey: VALID.WIX_API_KEY, accountId: VALID.WIX_ACCOUNT_ID, baseUrl: 'https://www.wixapis.com' },
      auditChannelId: 'C0AUDIT01',
      approvalsChannelId: 'C0AUDIT01',
      policyFile: './policy.yml',
      dataDir: './data',
      logLevel: 'info',
    });
  });

  it.each<[string, Record<string, string>, (config: ReturnType<typeof loadConfig>) => unknown, unknown]>([
    ['an app token', { SLACK_APP_TOKEN: 'xapp-1-A0-123-abc' }, (c) => c.slack.appToken, 'xapp-1-A0-123-abc'],
    ['an empty app token as unset', { SLACK_APP_TOKEN: '' }, (c) => c.slack.appToken, undefined],
    ['a Slack URL without trailing slash', { SLACK_API_URL: 'http://127.0.0.1:9000/api' }, (c) => c.slack.apiUrl, 'http://127.0.0.1:9000/api/'],
    ['port 0 for an ephemeral port', { PORT: '0' }, (c) => c.port, 0],
    ['port 65535', { PORT: '65535' }, (c) => c.port, 65535],
    ['a Wix URL with trailing slashes', { WIX_API_BASE_URL: 'http://127.0.0.1:9001//' }, (c) => c.wix.baseUrl, 'http://127.0.0.1:9001'],
    ['a separate approvals channel', { APPROVALS_CHANNEL_ID: 'G0APPROVE' }, (c) => c.approvalsChannelId, 'G0APPROVE'],
    ['an empty approvals channel as the audit channel', { APPROVALS_CHANNEL_ID: '' }, (c) => c.approvalsChannelId, 'C0AUDIT01'],
    ['a policy path', { POLICY_FILE: '/etc/bot/policy.yml' }, (c) => c.policyFile, '/etc/bot/policy.yml'],
    ['a data folder', { DATA_DIR: '/var/lib/bot' }, (c) => c.dataDir, '/var/lib/bot'],
    ['a log level', { LOG_LEVEL: 'debug' }, (c) => c.logLevel, 'debug'],
  ])('accepts %s', (_name, extra, read, expected) => {
    const config = loadConfig({ ...VALID, ...extra });

    expect(read(config)).toEqual(expected);
  });

  it('accepts a GUID account id without UUID version bits', () => {
    const config = loadConfig({ ...VALID, WIX_ACCOUNT_ID: '11111111-2222-3333-4444-555555555555' });

    expect(config.wix.accountId).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ ...VALID, HOME: '/home/bot', npm_config_cache: 'x' })).not.toThrow();
  });

  it.each<[string, Record<string, string | undefined>, string, string]>([
    ['a missing bot token', { SLACK_BOT_TOKEN: undefined }, 'SLACK_BOT_TOKEN is missing', 'xoxb-'],
    ['an empty bot token', { SLACK_BOT_TOKEN: '' }, 'SLACK_BOT_TOKEN is missing', 'OAuth & Permissions'],
    ['a user token as bot token', { SLACK_BOT_TOKEN: 'xoxp-1-2-3' }, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-', 'OAuth & Permissions'],
    ['a missing signing secret', { SLACK_SIGNING_SECRET: undefined }, 'SLACK_SIGNING_SECRET is missing', 'Basic Information'],
    ['a short signing secret', { SLACK_SIGNING_SECRET: 'abc' }, 'SLACK_SIGNING_SECRET is too short; it must be the signing secret', 'App Credentials'],
    ['a bot token as app token', { SLACK_APP_TOKEN: 'xoxb-1-2' }, 'SLACK_APP_TOKEN must be an app-level token starting with xapp-', 'App-Level Tokens'],
    ['a Slack URL that is not http', { SLACK_API_URL: 'ftp://slack.test/api/' }, 'SLACK_API_URL must be an http(s) URL', 'https://slack.com/api/'],
    ['a non-numeric port', { PORT: 'http' }, 'PORT must be a TCP port number', '0 to 65535'],
    ['a negative port', { PORT: '-1' }, 'PORT must be a TCP port number', '0 to 65535'],
    ['a port above 65535', { PORT: '70000' }, 'PORT must be a TCP port number', '0 to 65535'],
    ['a missing Wix key', { WIX_API_KEY: undefined }, 'WIX_API_KEY is missing', 'api-keys'],
    ['a short Wix key', { WIX_API_KEY: 'short' }, 'WIX_API_KEY is too short; it must be an account-level API key', 'manage.wix.com/account/api-keys'],
    ['a missing account id', { WIX_ACCOUNT_ID: undefined }, 'WIX_ACCOUNT_ID is missing', 'UUID'],
    ['an account id that is not a UUID', { WIX_ACCOUNT_ID: 'my-account' }, 'WIX_ACCOUNT_ID must be the Wix account ID', 'API Keys Manager'],
    ['a Wix URL without scheme', { WIX_API_BASE_URL: 'www.wixapis.com' }, 'WIX_API_BASE_URL must be an http(s) URL', 'https://www.wixapis.com'],
    ['a missing audit channel', { AUDIT_CHANNEL_ID: undefined }, 'AUDIT_CHANNEL_ID is missing', 'channel ID'],
    ['a channel name as audit channel', { AUDIT_CHANNEL_ID: '#audit' }, 'AUDIT_CHANNEL_ID must be a Slack channel ID', 'copy the ID'],
    ['a user id as approvals channel', { APPROVALS_CHANNEL_ID: 'U0OWNER01' }, 'APPROVALS_CHANNEL_ID must be a Slack channel ID', 'C0123ABCD'],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of', 'debug'],
  ])('rejects %s', (_name, change, names, fix) => {
    const error = configError({ ...VALID, ...change });

    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain(names);
    expect(error.message).toContain(fix);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('lists every bad variable on its own line', () => {
    const error = configError({ ...VALID, SLACK_BOT_TOKEN: undefined, PORT: 'x', AUDIT_CHANNEL_ID: 'audit' });

    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (3 problems):');
    expect(lines.slice(1).map((line) => line.trim().split(' ')[0])).toEqual(['SLACK_BOT_TOKEN', 'PORT', 'AUDIT_CHANNEL_ID']);
  });

  it('never echoes a secret value', () => {
    const error = configError({ ...VALID, SLACK_BOT_TOKEN: 'xoxp-secret-user-token', WIX_API_KEY: 'short-secret' });

    expect(error.message).not.toContain('xoxp-secret-user-token');
    expect(error.message).not.toContain('short-secret');
  });
});

describe('environment access', () => {
  it('happens only in entry points and config.ts', () => {
    const root = join(import.meta.dirname, '../../src');
    const readers = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => readFileSync(join(root, file), 'utf8').includes('process.env'))
      .map((file) => relative(root, join(root, file)).split('\\').join('/'))
      .sort();

    // The audit CLI is an entry point of its own: it reads only DATA_DIR and passes it in.
    expect(readers).toEqual(['cli/audit.ts', 'lib/config.ts', 'main.ts']);
  });
});
