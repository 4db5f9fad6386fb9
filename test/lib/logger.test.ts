import { LogLevel } from '@slack/bolt';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { BoltPinoLogger, createLogger, REDACTED_PATHS } from '../../src/lib/logger.js';
import { BOT_TOKEN, WIX_API_KEY, WIX_BASE, ROLES, startTestBot, type TestBot } from '../helpers/bot.js';
import { RESPONSE_HOST } from '../helpers/fake-slack.js';
import { LogCapture } from '../helpers/logs.js';
import { SIGNING_SECRET } from '../helpers/signing.js';
import { stubWixSubcommand } from '../helpers/stub-subcommand.js';

const SECRET = 'do-not-log-this-secret';
const CENSOR = '[redacted]';

/**
 * Every path that must be censored, written out here on purpose: if a path is dropped from
 * REDACTED_PATHS, its case fails instead of silently shrinking the test.
 */
const SECRET_PATHS = [
  'config.slack.botToken',
  'config.slack.signingSecret',
  'config.slack.appToken',
  'config.wix.apiKey',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'responseUrl',
  'response_url',
  'body.response_url',
  'body.token',
  'payload.response_url',
  'command.response_url',
];

function objectWith(path: string, value: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const keys = path.split('.');
  let node = root;
  keys.slice(0, -1).forEach((key) => {
    const child: Record<string, unknown> = { sibling: 'kept' };
    node[key] = child;
    node = child;
  });
  node[keys.at(-1)!] = value;
  return root;
}

function valueAt(line: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], line);
}

describe('log redaction', () => {
  it.each(SECRET_PATHS)('censors %s', (path) => {
    const logs = new LogCapture();
    const logger = createLogger('info', logs);

    logger.info(objectWith(path, SECRET), 'carrying a secret');

    expect(valueAt(logs.lines[0]!, path)).toBe(CENSOR);
    expect(logs.raw[0]).not.toContain(SECRET);
  });

  it('censors through child loggers', () => {
    const logs = new LogCapture();
    const child = createLogger('info', logs).child({ component: 'wix' }).child({ reqId: 'r1' });

    child.info({ headers: { authorization: SECRET } }, 'carrying a secret');

    expect(logs.lines[0]?.headers).toEqual({ authorization: CENSOR });
  });

  it('keeps the fields next to a secret', () => {
    const logs = new LogCapture();

    createLogger('info', logs).info({ command: { response_url: SECRET, command: '/wix' } }, 'carrying a secret');

    expect(logs.lines[0]?.command).toEqual({ response_url: CENSOR, command: '/wix' });
  });

  it.each([
    ['a bot token', `auth with ${BOT_TOKEN}`, 'auth with [redacted]'],
    ['an app token', 'socket xapp-1-A0TEST-123-abcdef open', 'socket [redacted] open'],
    ['a bearer header', 'Authorization: Bearer abc.def', 'Authorization: Bearer [redacted]'],
    ['a response_url', 'posting to https://hooks.slack.com/commands/T0/1/abc now', 'posting to [redacted] now'],
  ])('scrubs %s from a message string', (_name, message, expected) => {
    const logs = new LogCapture();

    createLogger('info', logs).info(message);

    expect(logs.lines[0]?.msg).toBe(expected);
  });

  it('lists exactly the tested paths', () => {
    expect([...REDACTED_PATHS].sort()).toEqual([...SECRET_PATHS].sort());
  });
});

describe('Bolt logger adapter', () => {
  it('lifts an Error into err', () => {
    const logs = new LogCapture();
    const bolt = new BoltPinoLogger(createLogger('debug', logs));

    bolt.error('call failed', new Error('boom'));

    expect(logs.lines[0]?.msg).toBe('call failed');
    expect((logs.lines[0]?.err as { message: string }).message).toBe('boom');
  });

  it('maps the root level to a Bolt level', () => {
    expect(new BoltPinoLogger(createLogger('debug', new LogCapture())).getLevel()).toBe(LogLevel.DEBUG);
    expect(new BoltPinoLogger(createLogger('warn', new LogCapture())).getLevel()).toBe(LogLevel.WARN);
  });

  it('censors a secret that a library logs as a string', () => {
    const logs = new LogCapture();
    const bolt = new BoltPinoLogger(createLogger('debug', logs));

    bolt.debug('http request', { headers: { Authorization: `Bearer ${BOT_TOKEN}` }, token: BOT_TOKEN });

    expect(logs.raw.join('\n')).not.toContain(BOT_TOKEN);
  });
});

describe('debug log of a full command', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it('prints no secret at debug level', async () => {
    t = await startTestBot({ subcommands: [stubWixSubcommand()] });
    nock(WIX_BASE).get('/roles-management/roles').reply(503, {});
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });

    await t.command('sites');
    await t.command('help', 'U0GUEST01');
    await t.settle();
    await t.stop();

    expect(t.slack.responses.map((r) => r.body.text)).toContain('4 roles');
    const output = t.logs.raw.join('\n');
    expect(t.logs.lines.some((line) => line.level === 20)).toBe(true);
    expect(output).toContain('retrying Wix request');
    expect(output).not.toContain(BOT_TOKEN);
    expect(output).not.toContain(WIX_API_KEY);
    expect(output).not.toContain(SIGNING_SECRET);
    expect(output).not.toContain(RESPONSE_HOST.replace('https://', ''));
  });
});
