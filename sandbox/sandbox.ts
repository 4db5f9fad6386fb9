import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../src/lib/config.js';
import { startSlackSimulator, type SlackSimulator } from './slack/server.js';
import { APPROVALS_CHANNEL, AUDIT_CHANNEL } from './slack/workspace.js';
import { mergeFaults, type FaultSettings } from './wix/faults.js';
import { DEMO_ACCOUNT_ID } from './wix/seed.js';
import { startWixEmulator, type WixEmulator } from './wix/server.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SANDBOX_POLICY_FILE = join(REPO_ROOT, 'sandbox', 'policy.yml');

export interface SandboxOptions {
  /** Port of the simulator page; 0 picks a free one. */
  simulatorPort: number;
  faults: FaultSettings;
  /** The bot's pino level. */
  logLevel: string;
  /** Destination of the bot's output: the terminal (`inherit`), or nowhere (`ignore`, for tests). */
  botOutput: 'inherit' | 'ignore';
  /** Time the bot gets to respond on /healthz after it is spawned, in milliseconds. */
  startTimeoutMs?: number;
  onUnknownMethod?: (method: string) => void;
  /** Called after each request to the Wix emulator's API. */
  onWixRequest?: (line: { method: string; path: string; status: number; operation: string | null }) => void;
}

export interface Sandbox {
  simulatorUrl: string;
  wix: WixEmulator;
  slack: SlackSimulator;
  bot: ChildProcess;
  dataDir: string;
  /** Resolves when the bot process exits, with its exit code (null after a signal). */
  botExited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1, for the bot, whose port must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free TCP port on 127.0.0.1'))));
    });
  });
}

/**
 * Builds the bot's environment: the caller's, minus every bot variable, plus the sandbox's. The
 * type makes the sandbox set every variable of the bot's config, so none can come from a .env
 * file, which the bot loads without overriding variables that are already set.
 */
function botEnvironment(base: NodeJS.ProcessEnv, sandbox: Record<keyof Env, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const botVariables = /^(SLACK_|WIX_|AUDIT_CHANNEL_ID$|APPROVALS_CHANNEL_ID$|POLICY_FILE$|DATA_DIR$|PORT$|LOG_LEVEL$)/;
  for (const [key, value] of Object.entries(base)) if (!botVariables.test(key)) env[key] = value;
  return { ...env, ...sandbox };
}

async function waitForHealth(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(done ? 'the bot exited during start-up; its output above says why' : `the bot did not respond on ${url} within ${timeoutMs} ms (timed out); the bot's output above may say why`);
}

/**
 * Starts the Wix emulator and the Slack simulator on 127.0.0.1, then the real bot, unchanged, in
 * HTTP mode as a child process (`tsx src/main.ts`) pointed at both, with a fresh signing secret,
 * the sandbox policy file and a temporary data folder.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const wixApiKey = `sandbox-${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wix-team-bot-sandbox-'));
  const botPort = await freePort();
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dataDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };

  try {
    const wix = await startWixEmulator({ apiKey: wixApiKey, faults: options.faults, ...(options.onWixRequest ? { onRequest: options.onWixRequest } : {}) });
    cleanups.push(() => wix.close());
    const slack = await startSlackSimulator({
      port: options.simulatorPort,
      botToken,
      signingSecret,
      botRequestUrl: `http://127.0.0.1:${botPort}/slack/events`,
      faults: {
        get: () => ({ ...wix.faults }),
        set: (update) => {
          const next = mergeFaults(wix.faults, update);
          if (next) wix.faults = next;
          return next ? { ...next } : null;
        },
      },
      ...(options.onUnknownMethod ? { onUnknownMethod: options.onUnknownMethod } : {}),
    });
    cleanups.push(() => slack.close());

    const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', options.botOutput, options.botOutput],
      env: botEnvironment(process.env, {
        SLACK_BOT_TOKEN: botToken,
        // Empty, so that no app token from a .env file can switch the bot to Socket Mode.
        SLACK_APP_TOKEN: '',
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: `${slack.url}/api/`,
        PORT: String(botPort),
        WIX_API_KEY: wixApiKey,
        WIX_ACCOUNT_ID: DEMO_ACCOUNT_ID,
        WIX_API_BASE_URL: wix.url,
        AUDIT_CHANNEL_ID: AUDIT_CHANNEL.id,
        APPROVALS_CHANNEL_ID: APPROVALS_CHANNEL.id,
        POLICY_FILE: SANDBOX_POLICY_FILE,
        DATA_DIR: dataDir,
        LOG_LEVEL: options.logLevel,
      }),
    });
    const botExited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (bot.exitCode !== null || bot.signalCode !== null) return;
      bot.kill('SIGTERM');
      const killer = setTimeout(() => bot.kill('SIGKILL'), 5_000);
      await botExited;
      clearTimeout(killer);
    });

    await waitForHealth(`http://127.0.0.1:${botPort}/healthz`, botExited, options.startTimeoutMs ?? 30_000);
    let stopped = false;
    return {
      simulatorUrl: slack.url,
      wix,
      slack,
      bot,
      dataDir,
      botExited,
      async stop() {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
