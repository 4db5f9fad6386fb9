import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, testEnv } from './helpers/bot.js';
import { TEAM_ID } from './helpers/fake-slack.js';
import { LocalFakes } from './helpers/local-fakes.js';
import { signatureHeaders } from './helpers/signing.js';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src/main.ts');
/** tsx's loader by absolute URL, because the child runs in a temporary folder without node_modules. */
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
  /** Resolves with the first JSON log line whose msg matches. */
  waitForLog(msg: string): Promise<Record<string, unknown>>;
}

/** Runs src/main.ts with tsx's loader in a child process (one process, so signals reach it), in `cwd`, with only `env` and PATH. */
function runMain(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ msg: string; resolve: (line: Record<string, unknown>) => void }> = [];
  const lines = (sink: string[], onLine?: (line: string) => void) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        sink.push(part);
        onLine?.(part);
      }
    };
  };
  child.stdout!.on(
    'data',
    lines(stdout, (line) => {
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      for (const waiter of waiters.filter((w) => w.msg === parsed.msg)) waiter.resolve(parsed);
    }),
  );
  child.stderr!.on('data', lines(stderr));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLog = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = stdout.find((line) => line.startsWith('{') && (JSON.parse(line) as { msg?: string }).msg === msg);
      if (seen) return resolve(JSON.parse(seen) as Record<string, unknown>);
      waiters.push({ msg, resolve });
      void exit.then((code) => reject(new Error(`bot exited with ${code} before logging "${msg}": ${stderr.join('\n')}`)));
    });
  return { child, stdout, stderr, exit, waitForLog };
}

function workDir(policy = DEFAULT_POLICY): string {
  const dir = mkdtempSync(join(tmpdir(), 'wix-team-bot-main-'));
  writeFileSync(join(dir, 'policy.yml'), policy);
  return dir;
}

function stderrLines(run: Run): string[] {
  return run.stderr.filter((line) => line.trim() !== '');
}

const runs: Run[] = [];
const fakes: LocalFakes[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  for (const fake of fakes.splice(0)) await fake.stop();
});

describe('main start-up failures', () => {
  it('prints one line for a bad variable and exits 78', async () => {
    const cwd = workDir();
    const run = runMain(cwd, testEnv({ SLACK_API_URL: 'http://127.0.0.1:9/api/', WIX_API_BASE_URL: 'http://127.0.0.1:9', SLACK_BOT_TOKEN: 'xoxp-user-token' }));
    runs.push(run);

    const code = await run.exit;

    expect(code).toBe(78);
    expect(stderrLines(run)).toEqual(['Start-up failed: Invalid configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions in the Slack app settings)']);
  });

  it('prints one line for several missing variables', async () => {
    const run = runMain(workDir(), {});
    runs.push(run);

    const code = await run.exit;

    expect(code).toBe(78);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Start-up failed: Invalid configuration \(5 problems\): SLACK_BOT_TOKEN is missing.*; AUDIT_CHANNEL_ID is missing/);
  });

  it('names the path of a policy problem', async () => {
    const cwd = workDir('commands:\n  invtie: everyone\n');
    const run = runMain(cwd, testEnv({ SLACK_API_URL: 'http://127.0.0.1:9/api/', WIX_API_BASE_URL: 'http://127.0.0.1:9', DATA_DIR: join(cwd, 'data') }));
    runs.push(run);

    const code = await run.exit;

    expect(code).toBe(78);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Policy file ./policy.yml is invalid: commands.invtie: unknown key');
    expect(run.stdout.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('names a revoked Slack token without a stack trace', async () => {
    const fake = await new LocalFakes().start();
    fakes.push(fake);
    fake.authTest = { ok: false, error: 'token_revoked' };
    const cwd = workDir();
    const run = runMain(cwd, testEnv({ SLACK_API_URL: `${fake.url}/api/`, WIX_API_BASE_URL: fake.url, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info' }));
    runs.push(run);

    const code = await run.exit;

    expect(code).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Start-up failed: Slack rejected SLACK_BOT_TOKEN \(token_revoked\)\./);
    const output = [...run.stdout, ...run.stderr].join('\n');
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain('"stack"');
    expect(output).not.toContain('nhandled');
  });

  it('loads .env without overriding the environment', async () => {
    const cwd = workDir('commands:\n  invtie: everyone\n');
    const dotEnv = Object.entries(testEnv({ SLACK_API_URL: 'http://127.0.0.1:9/api/', WIX_API_BASE_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'verbose' }))
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    writeFileSync(join(cwd, '.env'), dotEnv);
    const run = runMain(cwd, { LOG_LEVEL: 'warn' });
    runs.push(run);

    const code = await run.exit;

    expect(code).toBe(78);
    expect(stderrLines(run)[0]).toContain('commands.invtie');
    expect(stderrLines(run)[0]).not.toContain('LOG_LEVEL');
  });
});

describe('main shutdown', () => {
  it('finishes work in flight on SIGTERM, records bot.stop and exits 0', async () => {
    const fake = await new LocalFakes().start();
    fakes.push(fake);
    const cwd = workDir();
    const dataDir = join(cwd, 'data');
    const run = runMain(cwd, testEnv({ SLACK_API_URL: `${fake.url}/api/`, WIX_API_BASE_URL: fake.url, DATA_DIR: dataDir, LOG_LEVEL: 'info' }));
    runs.push(run);
    const started = await run.waitForLog('bot started');
    const botUrl = `http://127.0.0.1:${String(started.port)}/slack/events`;
    fake.usersInfoDelayMs = 800;

    const form = new URLSearchParams({ command: '/wix', text: 'help', team_id: TEAM_ID, user_id: 'U0OWNER01', channel_id: 'C0WORK001', response_url: `${fake.url}/hooks/1`, trigger_id: '1.2.3' }).toString();
    const ack = await fetch(botUrl, { method: 'POST', headers: signatureHeaders(form), body: form });
    run.child.kill('SIGTERM');
    await run.waitForLog('no longer taking requests');
    const late = await postWithNewConnection(botUrl, form);
    const code = await run.exit;

    expect(ack.status).toBe(200);
    expect(late).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(code).toBe(0);
    expect(fake.callsTo('/hooks/1')).toHaveLength(1);
    expect(JSON.stringify(fake.callsTo('/hooks/1')[0]?.body)).toContain('/wix help');
    expect(fake.callsTo('/api/users.info')).toHaveLength(1);
    const audited = fake.callsTo('/api/chat.postMessage').map((call) => String(call.body.blocks)).join('\n');
    expect(audited).toContain('bot.stop');
    expect(run.stdout.some((line) => line.includes('"msg":"bot stopped"'))).toBe(true);
    const db = new Database(join(dataDir, 'wix-team-bot.sqlite'), { readonly: true });
    const last = db.prepare('SELECT action, delivered_at FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { action: string; delivered_at: string | null };
    db.close();
    expect(last.action).toBe('bot.stop');
    expect(last.delivered_at).not.toBeNull();
    expect(stderrLines(run)).toEqual([]);
  });
});

/** Posts on a fresh connection and resolves with the error code, or "status N" if it was served. */
function postWithNewConnection(url: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent: false, headers: signatureHeaders(body) }, (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(body);
  });
}
