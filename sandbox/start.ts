import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`. With SLACK_BOT_TOKEN set (in the environment or .env) it runs the bot against
 * Slack and Wix. Without it, it starts the local sandbox: a Wix emulator, a Slack simulator in the
 * browser, and the real bot between them.
 */

const DEFAULT_SIMULATOR_PORT = 3100;

const envFile = join(fileURLToPath(new URL('..', import.meta.url)), '.env');
// process.loadEnvFile exists from Node 20.12; it keeps variables that are already set.
if (existsSync(envFile)) process.loadEnvFile(envFile);

if (process.env.SLACK_BOT_TOKEN) {
  await import('../src/main.js');
} else {
  await runSandbox();
}

async function runSandbox(): Promise<void> {
  // Loaded here, so that a run against Slack and Wix loads nothing of the sandbox.
  const { startSandbox } = await import('./sandbox.js');
  const { USERS } = await import('./slack/workspace.js');
  const { parseFaultSpec } = await import('./wix/faults.js');

  const port = Number(process.env.SANDBOX_PORT ?? DEFAULT_SIMULATOR_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`SANDBOX_PORT must be a port number from 0 to 65535, got "${process.env.SANDBOX_PORT}".`);
    process.exit(78);
  }
  let faults;
  try {
    faults = parseFaultSpec(process.env.SANDBOX_WIX_FAULTS);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(78);
  }

  console.log('SLACK_BOT_TOKEN is not set, so this starts the local sandbox (set it, or fill .env, to run against Slack and Wix).');
  let sandbox;
  try {
    sandbox = await startSandbox({
      simulatorPort: port,
      faults,
      logLevel: process.env.LOG_LEVEL ?? 'warn',
      botOutput: 'inherit',
      // At debug level the console also shows each Wix call, next to the bot's own debug lines.
      ...(process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace'
        ? { onWixRequest: (line: { method: string; path: string; status: number; operation: string | null }) => console.log(`wix emulator: ${line.method} ${line.path} → ${line.status}${line.operation ? ` (${line.operation})` : ''}`) }
        : {}),
      onUnknownMethod: (method) => console.warn(`sandbox: the bot called Slack's ${method}, which the simulator does not implement, so the call returned unknown_method.`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${port} is in use. Stop what uses it or set SANDBOX_PORT to another port (0 picks a free one).` : `The sandbox did not start: ${(error as Error).message}`);
    process.exit(1);
  }

  console.log('');
  console.log(`  Sandbox ready: open ${sandbox.simulatorUrl}`);
  console.log('');
  console.log(`  People to switch between: ${USERS.map((u) => `${u.realName} (${u.role})`).join(', ')}.`);
  console.log(`  Wix emulator: ${sandbox.wix.url} (faults: SANDBOX_WIX_FAULTS=latency=800,429=0.2,5xx=0.1, or the page's fault switch)`);
  console.log(`  Bot log level: ${process.env.LOG_LEVEL ?? 'warn'} (set LOG_LEVEL=info to see every request).`);
  console.log(`  Data folder: ${sandbox.dataDir} (deleted on stop). Ctrl-C stops everything.`);
  console.log('');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nsandbox: ${signal} received, stopping the bot, the simulator and the emulator…`);
    sandbox
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`sandbox: stop failed: ${(error as Error).message}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  void sandbox.botExited.then((code) => {
    if (stopping) return;
    console.error(`sandbox: the bot exited (code ${code}); stopping the sandbox.`);
    stopping = true;
    void sandbox.stop().then(() => process.exit(1));
  });
}
