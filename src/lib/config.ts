import { z } from 'zod';
import { ConfigError } from './errors.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Turns an empty string into undefined, because `FOO=` in a .env file means "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const slackChannelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C0123ABCD (open the channel details and copy the ID at the bottom)');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The environment variables of the bot. Names are fixed because operators and tools rely on them. */
const envSchema = z.object({
  /** Bot token (xoxb-…) from OAuth & Permissions after installing the app. */
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb- (OAuth & Permissions in the Slack app settings)'),
  /** Signing secret from Basic Information; verifies every HTTP request from Slack. */
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the signing secret from Basic Information → App Credentials'),
  /** App-level token (xapp-…, scope connections:write). When set, the bot uses Socket Mode. */
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)')),
  /** Base URL of the Slack Web API; change it only to run against a local Slack simulator. */
  SLACK_API_URL: optional(httpUrl).transform((url) => withTrailingSlash(url ?? 'https://slack.com/api/')),
  /** HTTP port for /slack/events and /healthz in HTTP mode. */
  PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((port) => port ?? 3000),
  /** Account-level Wix API key from the API Keys Manager. */
  WIX_API_KEY: z.string().min(20, 'must be an account-level API key from https://manage.wix.com/account/api-keys'),
  /** ID of the Wix account that owns the key (shown in the API Keys Manager). */
  WIX_ACCOUNT_ID: z.uuid('must be the Wix account ID (a UUID) shown in the API Keys Manager'),
  /** Base URL of the Wix REST API; change it only to run against a local Wix emulator. */
  WIX_API_BASE_URL: optional(httpUrl).transform((url) => (url ?? 'https://www.wixapis.com').replace(/\/+$/, '')),
  /** Channel that receives every audit event. The bot must be a member of it. */
  AUDIT_CHANNEL_ID: slackChannelId,
  /** Channel that receives approval request cards; defaults to the audit channel. */
  APPROVALS_CHANNEL_ID: optional(slackChannelId),
  /** Path of the policy file (YAML) that says who may run and approve what. */
  POLICY_FILE: optional(z.string()).transform((path) => path ?? './policy.yml'),
  /** Folder for the SQLite store (approval requests and the audit log). */
  DATA_DIR: optional(z.string()).transform((path) => path ?? './data'),
  /** pino log level. */
  LOG_LEVEL: optional(z.enum(logLevels)).transform((level) => level ?? 'info'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken: string | undefined;
    apiUrl: string;
  };
  port: number;
  wix: {
    apiKey: string;
    accountId: string;
    baseUrl: string;
  };
  auditChannelId: string;
  approvalsChannelId: string;
  policyFile: string;
  dataDir: string;
  logLevel: (typeof logLevels)[number];
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Parses the environment once at start-up. Throws a ConfigError that names every bad variable and
 * says how to fix it.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message = env[name] === undefined || env[name] === '' ? 'is missing; set it in the environment or in .env (see .env.example)' : issue.message;
      return `  ${name} ${message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    wix: { apiKey: e.WIX_API_KEY, accountId: e.WIX_ACCOUNT_ID, baseUrl: e.WIX_API_BASE_URL },
    auditChannelId: e.AUDIT_CHANNEL_ID,
    approvalsChannelId: e.APPROVALS_CHANNEL_ID ?? e.AUDIT_CHANNEL_ID,
    policyFile: e.POLICY_FILE,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
  };
}
