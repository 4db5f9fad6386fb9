import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger as PinoLogger } from 'pino';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from './lib/config.js';
import { BotError, WixApiError, WixUnreachableError, asBotError } from './lib/errors.js';
import { BoltPinoLogger } from './lib/logger.js';
import { loadPolicy, type Policy } from './lib/policy/policy.js';
import { Authorizer } from './lib/policy/authorize.js';
import { WebApiDirectory, type Workspace } from './lib/identity.js';
import { Store } from './lib/store/index.js';
import { AuditLog } from './lib/audit/audit-log.js';
import { AuditSender, type AuditSenderTuning } from './lib/audit/sender.js';
import { recordStartupFailure, recordStartupFailureInStore } from './lib/audit/startup-events.js';
import { WixHttp, type RetryPolicy } from './lib/wix/http.js';
import { getRolesInfo } from './lib/wix/roles.js';
import { createPickerIndexes, warmPickerIndexes } from './lib/pickers/indexes.js';
import { invalidatePickersOnChanges } from './lib/pickers/invalidation.js';
import { registerHandlers } from './handlers/index.js';
import { createAuditChannel } from './handlers/audit-poster.js';
import { SlackApprovalNotifier } from './handlers/approval-notifier.js';
import { ApprovalService } from './lib/approvals/service.js';
import type { BotDeps } from './handlers/context.js';
import { approvalHomeRequests } from './handlers/home-requests.js';
import type { SubcommandHandler } from './handlers/commands/types.js';

export interface BotOptions {
  logger: Logger;
  /** Replaces global fetch for Wix calls (tests use nock on the global fetch instead). */
  wixFetch?: typeof fetch;
  wixRetry?: RetryPolicy;
  now?: () => Date;
  /** Retries of the Slack Web API client for interactive calls. */
  slackRetries?: number;
  /** Delay before the audit sender retries a failed post (the first step of its backoff). */
  auditRetryDelayMs?: number;
  /** Pacing, grouping and backoff of the audit sender; tests set `paceMs: 0`. */
  auditSender?: Partial<AuditSenderTuning>;
  /** How long `stop` lets the audit sender finish posting before it stops it; the rest waits for the next start. */
  auditStopGraceMs?: number;
  /** Replaces the `/wix` subcommand table (tests add stub subcommands with it). */
  subcommands?: SubcommandHandler[];
  /**
   * Loads the picker indexes in the background once started (default true). Tests turn it off so
   * that the warm-up does not consume the Wix interceptors a test sets up.
   */
  warmPickers?: boolean;
}

export interface Bot {
  app: App;
  deps: BotDeps;
  /** Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on PORT. */
  mode: 'socket' | 'http';
  /** Starts listening; resolves with the HTTP server in HTTP mode. */
  start(): Promise<Server | undefined>;
  /** Resolves when no handler work and no audit delivery is in flight (tests and shutdown). */
  idle(): Promise<void>;
  /** Stops taking requests, waits for work in flight, records bot.stop, closes the store. */
  stop(): Promise<void>;
}

/** A start-up failure whose message states what the operator must fix. */
export class StartupError extends BotError {
  /** True when a setting is wrong (a rejected token or key), false when a service was unreachable. */
  readonly configProblem: boolean;

  constructor(message: string, cause?: unknown, configProblem = false) {
    super('startup_failed', message, { cause });
    this.configProblem = configProblem;
  }
}

/**
 * Builds the bot: config → logger → policy → store → Slack app → Wix gateway → handlers.
 * Checks the Slack token and the Wix key before it returns, so a bad credential stops the start.
 */
export async function createBot(config: Config, options: BotOptions): Promise<Bot> {
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
  let policy: Policy;
  try {
    policy = loadPolicy(config.policyFile);
  } catch (error) {
    // Stored now, delivered to the audit channel by the next start that gets past this point.
    recordStartupFailure(config.dataDir, { action: 'bot.config_error', targets: [{ type: 'policy', id: config.policyFile }], reason: (error as Error).message }, { now, logger });
    throw error;
  }
  const store = openStore(config, now, logger);
  // A claim only has to outlive a double click, so week-old claims are dropped at each start.
  store.submissions.prune(new Date(now().getTime() - 7 * 86_400_000));
  const mode = config.slack.appToken ? 'socket' : 'http';

  try {
    const app = new App({
      token: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      socketMode: mode === 'socket',
      ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
      port: config.port,
      // Without this, the constructor fires auth.test unawaited and a bad token kills the process
      // with an unhandled rejection.
      deferInitialization: true,
      logger: new BoltPinoLogger(logger.child({ component: 'slack' })),
      logLevel: logger.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO,
      clientOptions: {
        slackApiUrl: config.slack.apiUrl,
        // The default policy retries for about 30 minutes, and a user waiting on a reply needs it sooner.
        retryConfig: { retries: options.slackRetries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 4_000 },
        timeout: 10_000,
      },
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ ok: true }));
          },
        },
      ],
    });

    const workspace = await checkSlack(app, config);
    const wix = new WixHttp({
      apiKey: config.wix.apiKey,
      accountId: config.wix.accountId,
      baseUrl: config.wix.baseUrl,
      logger,
      ...(options.wixFetch ? { fetch: options.wixFetch } : {}),
      ...(options.wixRetry ? { retry: options.wixRetry } : {}),
    });
    await checkWix(wix, config);

    const audit = new AuditLog(store);
    // The sender owns retries and rate-limit waits, so its client fails fast instead of queueing.
    const auditClient = new WebClient(config.slack.botToken, {
      slackApiUrl: config.slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      logger: new BoltPinoLogger(logger.child({ component: 'audit-sender' })),
    });
    const retryTuning = options.auditRetryDelayMs !== undefined ? { backoff: { baseMs: options.auditRetryDelayMs, maxMs: options.auditRetryDelayMs * 8 } } : {};
    const sender = new AuditSender({
      store,
      channel: createAuditChannel(auditClient, config.auditChannelId),
      logger: logger.child({ component: 'audit-sender' }),
      wallClock: now,
      tuning: { ...retryTuning, ...options.auditSender },
    });
    audit.onRecorded(() => sender.wake());
    audit.setDeliveryStatusSource(() => sender.status());

    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(work: Promise<T>): Promise<T> => {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => undefined);
      return work;
    };

    const idle = async () => {
      // Work in flight may start more work (a reply records an audit event, which wakes the
      // sender), so loop until both are quiet.
      while (inFlight.size > 0 || sender.busy) {
        await Promise.allSettled([...inFlight]);
        await sender.idle();
      }
    };

    const directory = new WebApiDirectory(app.client);
    const authorizer = new Authorizer(policy, directory, workspace);
    const pickers = createPickerIndexes(wix, logger);
    invalidatePickersOnChanges(audit, store, pickers);
    const approvalNotifier = new SlackApprovalNotifier(app.client, config.approvalsChannelId);
    const approvals = new ApprovalService({ store, audit, authorizer, wix, pickers, notifier: approvalNotifier, now, logger, track });
    const homeRequests = approvalHomeRequests(approvals, authorizer);
    const deps: BotDeps = { config, logger, store, audit, wix, authorizer, workspace, pickers, approvals, approvalNotifier, homeRequests, now, track };
    registerHandlers(app, deps, options.subcommands ? { subcommands: options.subcommands } : {});

    let stopped: Promise<void> | undefined;
    const stopOnce = async () => {
      try {
        await app.stop();
        logger.info({ mode }, 'no longer taking requests');
      } catch (error) {
        logger.warn({ err: error }, 'the Slack receiver did not stop cleanly');
      }
      await approvals.stop();
      await idle();
      audit.record({ actor: { kind: 'system' }, action: 'bot.stop', targets: [], outcome: 'info' });
      try {
        await waitAtMost(sender.idle(), options.auditStopGraceMs ?? 5_000);
        await sender.stop();
      } finally {
        store.close();
      }
      logger.info('bot stopped');
    };

    return {
      app,
      deps,
      mode,
      idle,
      async start() {
        const server = await startReceiver(app, config, mode);
        sender.start();
        // An account with 10,000 sites takes many Query Sites calls to load, so start now rather
        // than at the first picker search, which must respond within 3 seconds.
        if (options.warmPickers !== false) warmPickerIndexes(pickers);
        const port = mode === 'http' ? (server?.address() as AddressInfo | null)?.port : undefined;
        audit.record({ actor: { kind: 'system' }, action: 'bot.start', targets: [], outcome: 'info', details: { mode } });
        logger.info({ mode, port, teamId: workspace.teamId }, 'bot started');
        // Expire what passed its deadline while the bot was down, and resolve interrupted actions.
        void track(approvals.start()).catch((err: unknown) => logger.error({ err }, 'approval start-up recovery failed'));
        return server;
      },
      stop() {
        stopped ??= stopOnce();
        return stopped;
      },
    };
  } catch (error) {
    const configProblem = error instanceof StartupError && error.configProblem;
    recordStartupFailureInStore(store, { action: configProblem ? 'bot.config_error' : 'bot.start_failed', targets: [], reason: (error as Error).message }, logger);
    store.close();
    throw error;
  }
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, timeout]);
  clearTimeout(timer);
}

function openStore(config: Config, now: () => Date, logger: PinoLogger): Store {
  try {
    return new Store({ dataDir: config.dataDir, now, logger });
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /malformed|not a database|corrupt/i.test(reason)
      ? 'The store file is damaged: restore it from a backup, or move it away to start with an empty store (the audit log in it is then no longer delivered).'
      : 'Check that the folder exists or can be created and is writable.';
    throw new StartupError(`The store in DATA_DIR ${config.dataDir} cannot be opened (${reason}). ${hint}`, error);
  }
}

async function startReceiver(app: App, config: Config, mode: 'socket' | 'http'): Promise<Server | undefined> {
  try {
    const server = (await app.start(config.port)) as Server | undefined;
    return mode === 'http' ? server : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`PORT ${config.port} is already in use. Stop the other process or set PORT to a free port.`, error);
    if (code === 'EACCES') throw new StartupError(`PORT ${config.port} needs more privileges. Set PORT to 1024 or higher.`, error);
    const reason = (error as Error).message;
    if (mode === 'socket') throw new StartupError(`Socket Mode could not connect to Slack (${reason}). Check SLACK_APP_TOKEN and the network.`, error);
    throw new StartupError(`The HTTP server could not start on PORT ${config.port} (${reason}).`, error);
  }
}

/** Slack error codes of auth.test that mean the token itself is bad. */
const REJECTED_TOKEN_CODES = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_authed', 'not_allowed_token_type']);

async function checkSlack(app: App, config: Config): Promise<Workspace> {
  let auth: Awaited<ReturnType<App['client']['auth']['test']>>;
  try {
    await app.init();
    auth = await app.client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code !== undefined && REJECTED_TOKEN_CODES.has(code)) {
      throw new StartupError(`Slack rejected SLACK_BOT_TOKEN (${code}). Copy the bot token from OAuth & Permissions in the Slack app settings, and reinstall the app if the token was revoked.`, error, true);
    }
    if (code !== undefined) {
      throw new StartupError(`Slack auth.test failed with ${code}. Check SLACK_BOT_TOKEN and the app's installation.`, error);
    }
    throw new StartupError(`Slack cannot be reached at ${config.slack.apiUrl} (${describe(error)}). Check the network, proxy and SLACK_API_URL.`, error);
  }
  if (!auth.team_id || !auth.user_id) {
    throw new StartupError('Slack auth.test returned no team_id or user_id. SLACK_BOT_TOKEN must be a bot token of an installed app.');
  }
  return { teamId: auth.team_id, enterpriseId: auth.enterprise_id ?? null, botUserId: auth.user_id };
}

async function checkWix(wix: WixHttp, config: Config): Promise<void> {
  try {
    await getRolesInfo(wix);
  } catch (error) {
    if (error instanceof WixApiError && (error.status === 401 || error.status === 403)) {
      throw new StartupError(
        `Wix rejected WIX_API_KEY for account ${wix.accountId} (HTTP ${error.status}, x-wix-request-id ${error.requestId ?? 'none'}). Check the key, its permissions and WIX_ACCOUNT_ID.`,
        error,
        true,
      );
    }
    if (error instanceof WixUnreachableError) {
      throw new StartupError(`Wix cannot be reached at ${config.wix.baseUrl} (${error.message}). Check the network, proxy and WIX_API_BASE_URL.`, error);
    }
    throw new StartupError(`The Wix check (Get Roles Info) failed: ${asBotError(error).message}`, error);
  }
}

/** The message of an error and of its cause, because fetch failures hide the reason in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause ?? (error as { original?: unknown }).original;
  return cause instanceof Error && cause.message !== error.message ? `${error.message}: ${cause.message}` : error.message;
}
