import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createBot, type Bot } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/lib/config.js';
import { createLogger } from '../../src/lib/logger.js';
import type { SubcommandHandler } from '../../src/handlers/commands/types.js';
import { BOT_USER_ID, FakeSlack, RESPONSE_HOST, TEAM_ID } from './fake-slack.js';
import { LogCapture } from './logs.js';
import { SIGNING_SECRET, signatureHeaders } from './signing.js';

export const WIX_BASE = 'https://wix.test';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const WIX_ACCOUNT_ID = '11111111-1111-4111-8111-111111111111';
export const WIX_API_KEY = 'test-wix-api-key-0123456789abcdef';
export const AUDIT_CHANNEL = 'C0AUDIT01';
export const APPROVALS_CHANNEL = 'C0APPROVE';
export const WORK_CHANNEL = 'C0WORK001';

export const DEFAULT_POLICY = `
commands:
  help: everyone
  invite: [S0LEADS01, U0OWNER01, U0OWNER02]
  sites: everyone
  team: everyone
  whois: everyone
  domains: everyone
  accounts: everyone
  requests: everyone
  transfer: [S0LEADS01, U0OWNER01, U0OWNER02]
  remove: [S0LEADS01, U0OWNER01, U0OWNER02]
  role: [S0LEADS01, U0OWNER01, U0OWNER02]
  audit: [S0OWNERS1]
approvals:
  transfer: { approvers: [S0OWNERS1], required: 1, expires_after: 24h }
  remove: { approvers: [U0OWNER01, U0OWNER02], required: 1, expires_after: 24h }
  role: { approvers: [U0OWNER01, U0OWNER02], required: 2, expires_after: 4h }
`;

export const ROLES = [
  { id: '2a2a2a2a-0000-4000-8000-000000000001', name: 'Website Manager' },
  { id: '2a2a2a2a-0000-4000-8000-000000000002', name: 'Website Designer' },
  { id: '2a2a2a2a-0000-4000-8000-000000000003', name: 'Co-Owner' },
  { id: '2a2a2a2a-0000-4000-8000-000000000004', name: 'Billing Manager' },
];

export interface TestBotOptions {
  policy?: string;
  env?: Record<string, string>;
  now?: () => Date;
  dataDir?: string;
  /** Replaces the `/wix` subcommand table, for stub subcommands. */
  subcommands?: SubcommandHandler[];
  /** Skip the Get Roles Info interceptor used by the start-up check (for tests of that check). */
  skipWixStartupCheck?: boolean;
  /** Load the picker indexes at start-up, as production does (off by default). */
  warmPickers?: boolean;
}

export interface TestBot {
  bot: Bot;
  config: Config;
  slack: FakeSlack;
  logs: LogCapture;
  url: string;
  dataDir: string;
  /** Posts a signed slash command; resolves with the HTTP status and body of Bolt's response. */
  command(text: string, userId?: string, extra?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Posts a signed interactive payload (block_actions, view_submission, block_suggestion …). */
  interact(payload: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** Posts a signed Events API callback wrapping `event`; resolves with Bolt's response. */
  event(event: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** Waits until background work (replies after ack, audit delivery) has finished. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the environment of a test bot: Slack at https://slack.test, Wix at https://wix.test, HTTP mode on a free port. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: 'https://slack.test/api/',
    PORT: '0',
    WIX_API_KEY,
    WIX_ACCOUNT_ID,
    WIX_API_BASE_URL: WIX_BASE,
    AUDIT_CHANNEL_ID: AUDIT_CHANNEL,
    APPROVALS_CHANNEL_ID: APPROVALS_CHANNEL,
    LOG_LEVEL: 'debug',
    ...overrides,
  };
}

/** Starts the real bot in HTTP mode on an ephemeral port, with Slack and Wix behind nock. */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wix-team-bot-test-'));
  const policyFile = join(dataDir, 'policy.yml');
  writeFileSync(policyFile, options.policy ?? DEFAULT_POLICY);
  const config = loadConfig(testEnv({ POLICY_FILE: policyFile, DATA_DIR: dataDir, ...options.env }));
  const slack = new FakeSlack();
  if (!options.skipWixStartupCheck) {
    nock(WIX_BASE).get('/roles-management/roles').reply(200, { roles: ROLES });
  }
  const logs = new LogCapture();
  const bot = await createBot(config, {
    logger: createLogger('debug', logs),
    wixRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    slackRetries: 0,
    auditRetryDelayMs: 20,
    // Slack's one-message-per-second pace is covered by the sender's own tests and the benchmark.
    auditSender: { paceMs: 0 },
    ...(options.subcommands ? { subcommands: options.subcommands } : {}),
    warmPickers: options.warmPickers ?? false,
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await bot.start();
  const port = (server?.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/slack/events`;

  const post = async (rawBody: string, contentType = 'application/x-www-form-urlencoded') => {
    const headers = { ...signatureHeaders(rawBody), 'content-type': contentType };
    const response = await fetch(url, { method: 'POST', headers, body: rawBody });
    return { status: response.status, body: await response.text() };
  };

  let triggerSeq = 0;
  const settle = () => bot.idle();

  return {
    bot,
    config,
    slack,
    logs,
    url,
    dataDir,
    command(text, userId = 'U0OWNER01', extra = {}) {
      triggerSeq += 1;
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: TEAM_ID,
        team_domain: 'test',
        channel_id: WORK_CHANNEL,
        channel_name: 'work',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command: '/wix',
        text,
        api_app_id: 'A0TESTAPP',
        is_enterprise_install: 'false',
        response_url: `${RESPONSE_HOST}/commands/${TEAM_ID}/${triggerSeq}/reply`,
        trigger_id: `${triggerSeq}.2222.abcdef`,
        ...extra,
      });
      return post(form.toString());
    },
    interact(payload) {
      return post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    },
    event(event) {
      triggerSeq += 1;
      const envelope = {
        token: 'legacy-verification-token',
        team_id: TEAM_ID,
        api_app_id: 'A0TESTAPP',
        type: 'event_callback',
        event_id: `Ev0TEST${triggerSeq}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
        event,
      };
      return post(JSON.stringify(envelope), 'application/json');
    },
    settle,
    async stop() {
      await bot.stop();
    },
  };
}
