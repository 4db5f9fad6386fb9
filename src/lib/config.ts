import { z } from 'zod';
import { ConfigError } from './errors.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Turns an empty string into undefined, because `FOO=` in a .env file means "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const CHANNEL_ID_HINT = 'must be a Slack channel ID such as C0123ABCD (open the channel details and copy the ID at the bottom)';

const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, CHANNEL_ID_HINT);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * What each variable must hold and where to find it. A missing variable gets this text too,
 * because zod's own message for a missing string gives no fix.
 */
const HINTS = {
  SLACK_BOT_TOKEN: 'must be a bot token starting with xoxb- (OAuth & Permissions in the Slack app settings)',
  SLACK_SIGNING_SECRET: 'must be the signing secret from Basic Information → App Credentials',
  SLACK_APP_TOKEN: 'must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)',
  SLACK_API_URL: 'must be an http(s) URL such as https://slack.com/api/',
  PORT: 'must be a TCP port number from 0 to 65535',
  WIX_API_KEY: 'must be an account-level API key from https://manage.wix.com/account/api-keys',
  WIX_ACCOUNT_ID: 'must be the Wix account ID (a UUID) shown in the API Keys Manager',
  WIX_API_BASE_URL: 'must be an http(s) URL such as https://www.wixapis.com',
  AUDIT_CHANNEL_ID: CHANNEL_ID_HINT,
  APPROVALS_CHANNEL_ID: CHANNEL_ID_HINT,
  POLICY_FILE: 'must be the path of the policy file',
  DATA_DIR: 'must be the path of the data folder',
  LOG_LEVEL: `must be one of ${logLevels.join(', ')}`,
} as const;

/** The environment variables of the bot. Names are fixed because operators and tools rely on them. */
const envSchema = z.object({
  /** Bot token (xoxb-…) from OAuth & Permissions after installing the app. */
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-[\w-]+$/, HINTS.SLACK_BOT_TOKEN),
  /** Signing secret from Basic Information; verifies every HTTP request from Slack. */
  SLACK_SIGNING_SECRET: z.string().min(8, HINTS.SLACK_SIGNING_SECRET),
  /** App-level token (xapp-…, scope connections:write). When set, the bot uses Socket Mode. */
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-[\w-]+$/, HINTS.SLACK_APP_TOKEN)),
  /** Base URL of the Slack Web API; change it only to run against a local Slack simulator. */
  SLACK_API_URL: optional(httpUrl).transform((url) => withTrailingSlash(url ?? 'https://slack.com/api/')),
  /** HTTP port for /slack/events and /healthz in HTTP mode; 0 picks a free port. */
  PORT: optional(z.string().regex(/^\d{1,5}$/, HINTS.PORT).transform(Number).pipe(z.number().max(65535, HINTS.PORT))).transform((port) => port ?? 3000),
  /** Account-level Wix API key from the API Keys Manager. */
  WIX_API_KEY: z.string().min(20, HINTS.WIX_API_KEY),
  /** ID of the Wix account that owns the key (shown in the API Keys Manager). */
  // z.guid, not z.uuid: Wix IDs are GUIDs, and Wix does not promise RFC 4122 version bits.
  WIX_ACCOUNT_ID: z.guid(HINTS.WIX_ACCOUNT_ID),
  /** Base URL of the Wix REST API; change it only to run against a local Wix emulator. */
  WIX_API_BASE_URL: optional(httpUrl).transform((url) => (url ?? 'https://www.wixapis.com').replace(/\/+$/, '')),
  /** Channel that receives every audit event. The bot must be a member of it. */
  AUDIT_CHANNEL_ID: slackChannelId,
  /** Channel that receives approval request cards; defaults to the audit channel. */
  APPROVALS_CHANNEL_ID: optional(slackChannelId),
  /** Path of the policy file (YAML) that sets who may run and approve what. */
  POLICY_FILE: optional(z.string()).transform((path) => path ?? './policy.yml'),
  /** Folder for the SQLite store (approval requests and the audit log). */
  DATA_DIR: optional(z.string()).transform((path) => path ?? './data'),
  /** pino log level. */
  LOG_LEVEL: optional(z.enum(logLevels, HINTS.LOG_LEVEL)).transform((level) => level ?? 'info'),
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
 * Parses the environment once at start-up. Throws a ConfigError with one line per bad variable
 * that names it and how to fix it. Values are never echoed, because most are secrets.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (problems.has(name)) continue;
      const hint = name in HINTS ? HINTS[name as keyof typeof HINTS] : issue.message;
      const missing = env[name] === undefined || env[name] === '';
      let problem = `${name} ${hint}`;
      if (missing) problem = `${name} is missing: set it in the environment or in .env; it ${hint}`;
      else if (issue.code === 'too_small') problem = `${name} is too short; it ${hint}`;
      problems.set(name, problem);
    }
    const lines = [...problems.values()];
    const message = lines.length === 1 ? `Invalid configuration: ${lines[0]}` : `Invalid configuration (${lines.length} problems):\n  ${lines.join('\n  ')}`;
    throw new ConfigError(message);
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
