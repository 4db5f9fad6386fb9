import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from './lib/config.js';
import { BotError, WixApiError, asBotError } from './lib/errors.js';
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
import { createPickerIndexes } from './lib/pickers/indexes.js';
import { registerHandlers } from './handlers/index.js';
import { createAuditChannel } from './handlers/audit-poster.js';
import { SlackApprovalNotifier } from './handlers/approval-notifier.js';
import { ApprovalService } from './lib/approvals/service.js';
import type { BotDeps } from './handlers/context.js';

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
}

export interface Bot {
  app: App;
  deps: BotDeps;
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
  const store = new Store({ dataDir: config.dataDir, now, logger });

  try {
    const app = new App({
      token: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      socketMode: config.slack.appToken !== undefined,
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
    await checkWix(wix);

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
    const approvalNotifier = new SlackApprovalNotifier(app.client, config.approvalsChannelId);
    const approvals = new ApprovalService({ store, audit, authorizer, wix, pickers, notifier: approvalNotifier, now, logger, track });
    const deps: BotDeps = { config, logger, store, audit, wix, authorizer, workspace, pickers, approvals, approvalNotifier, now, track };
    registerHandlers(app, deps);

    return {
      app,
      deps,
      idle,
      async start() {
        const server = (await app.start(config.port)) as Server | undefined;
        sender.start();
        audit.record({ actor: { kind: 'system' }, action: 'bot.start', targets: [], outcome: 'info', details: { mode: config.slack.appToken ? 'socket' : 'http' } });
        logger.info({ mode: config.slack.appToken ? 'socket' : 'http', port: config.slack.appToken ? undefined : config.port, teamId: workspace.teamId }, 'bot started');
        // Expire what passed its deadline while the bot was down, and resolve interrupted actions.
        void track(approvals.start()).catch((err: unknown) => logger.error({ err }, 'approval start-up recovery failed'));
        return config.slack.appToken ? undefined : server;
      },
      async stop() {
        await app.stop();
        await approvals.stop();
        await idle();
        audit.record({ actor: { kind: 'system' }, action: 'bot.stop', targets: [], outcome: 'info' });
        await waitAtMost(sender.idle(), options.auditStopGraceMs ?? 5_000);
        await sender.stop();
        store.close();
        logger.info('bot stopped');
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

async function checkSlack(app: App, config: Config): Promise<Workspace> {
  try {
    await app.init();
    const auth = await app.client.auth.test();
    if (!auth.team_id || !auth.user_id) throw new Error('auth.test returned no team_id or user_id');
    return { teamId: auth.team_id, enterpriseId: auth.enterprise_id ?? null, botUserId: auth.user_id };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'invalid_auth' || code === 'token_revoked' || code === 'account_inactive' || code === 'not_authed') {
      throw new StartupError(`Slack rejected SLACK_BOT_TOKEN (${code}). Copy a fresh bot token from OAuth & Permissions and reinstall the app if it was revoked.`, error, true);
    }
    throw new StartupError(`Slack could not be reached at ${config.slack.apiUrl} (${(error as Error).message}). Check the network and SLACK_API_URL.`, error);
  }
}

async function checkWix(wix: WixHttp): Promise<void> {
  try {
    await getRolesInfo(wix);
  } catch (error) {
    if (error instanceof WixApiError && (error.status === 401 || error.status === 403)) {
      throw new StartupError(`Wix rejected WIX_API_KEY for account ${wix.accountId} (${error.status}, x-wix-request-id ${error.requestId ?? 'none'}). Check the key, its permissions and WIX_ACCOUNT_ID.`, error, true);
    }
    throw new StartupError(`Wix check failed: ${asBotError(error).message}`, error);
  }
}
