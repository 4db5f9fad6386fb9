import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../sandbox/sandbox.js';

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs `npm start`'s command (tsx sandbox/start.ts) with the given environment. */
function launch(env: Record<string, string>): Run {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK_|WIX_|AUDIT_|APPROVALS_|POLICY_FILE|DATA_DIR|PORT|SANDBOX_)/.test(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/start.ts'], { cwd: REPO_ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), kill: (signal) => child.kill(signal) };
}

async function waitForOutput(run: Run, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = run.output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pattern} in the launcher output:\n${run.output()}`);
}

describe('npm start launcher', { timeout: 60_000 }, () => {
  it('starts the sandbox without SLACK_BOT_TOKEN and stops it on SIGINT', async () => {
    const run = launch({ SLACK_BOT_TOKEN: '', SANDBOX_PORT: '0', LOG_LEVEL: 'silent' });

    const [, url] = await waitForOutput(run, /Sandbox ready: open (http:\/\/127\.0\.0\.1:\d+)/);
    const bootstrap = (await (await fetch(`${url}/ui/bootstrap`)).json()) as { team: { name: string } };
    const health = await fetch(`${url}/ui/state?user=U0SBOWNR1`);
    run.kill('SIGINT');
    const code = await run.exited;

    expect(bootstrap.team.name).toBe('Harborlight Studio');
    expect(health.status).toBe(200);
    expect(code).toBe(0);
    await expect(fetch(`${url}/ui/bootstrap`)).rejects.toThrow();
  });

  it('runs the bot itself when SLACK_BOT_TOKEN is set', async () => {
    // Empty values win over a developer's .env, and the URLs point at a closed local port, so
    // nothing here can reach Slack or Wix.
    const run = launch({ SLACK_BOT_TOKEN: 'xoxb-not-a-real-token', SLACK_APP_TOKEN: '', WIX_API_KEY: '', SLACK_API_URL: 'http://127.0.0.1:9/api/', WIX_API_BASE_URL: 'http://127.0.0.1:9' });

    const code = await run.exited;

    // The bot's own config check ran: it names the missing Wix variables and exits with EX_CONFIG.
    expect(code).toBe(78);
    expect(run.output()).toContain('WIX_API_KEY');
    expect(run.output()).not.toContain('Sandbox ready');
  });

  it('rejects a bad SANDBOX_PORT', async () => {
    const run = launch({ SLACK_BOT_TOKEN: '', SANDBOX_PORT: 'eighty' });

    const code = await run.exited;

    expect(code).toBe(78);
    expect(run.output()).toContain('SANDBOX_PORT must be a port number');
  });

  it('removes its data folder on stop', async () => {
    const run = launch({ SLACK_BOT_TOKEN: '', SANDBOX_PORT: '0', LOG_LEVEL: 'silent' });
    await waitForOutput(run, /Sandbox ready/);
    const [, dataDir] = await waitForOutput(run, /Data folder: (\S+)/);
    const existedWhileRunning = existsSync(dataDir!);

    run.kill('SIGTERM');
    await run.exited;

    expect(existedWhileRunning).toBe(true);
    expect(existsSync(dataDir!)).toBe(false);
  });
});
