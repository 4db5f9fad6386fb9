import { existsSync } from 'node:fs';
import { createBot, type Bot } from './app.js';
import { loadConfig, type Config } from './lib/config.js';
import { BotError } from './lib/errors.js';
import { createLogger } from './lib/logger.js';

/** Exit status for a configuration problem (EX_CONFIG in sysexits.h). */
const EXIT_CONFIG = 78;

/**
 * Entry point: load .env, parse config, start the bot, stop it cleanly on SIGINT/SIGTERM.
 * Every start-up failure prints one line to stderr and exits non-zero, without a stack trace,
 * because the operator needs the fix and not our call stack.
 */
async function main(): Promise<void> {
  loadDotEnv();

  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    fail(error, EXIT_CONFIG);
  }

  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let bot: Bot;
  try {
    bot = await createBot(config, { logger });
    await bot.start();
  } catch (error) {
    // Known failures carry the fix in their message; anything else gets its stack in the log.
    if (error instanceof BotError) logger.fatal({ code: error.code }, 'start-up failed');
    else logger.fatal({ err: error }, 'start-up failed');
    fail(error, error instanceof BotError && error.code === 'config_invalid' ? EXIT_CONFIG : 1);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    bot
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/**
 * Loads ./.env when it exists. Variables already set in the environment win, so a deployment can
 * override a developer's file (process.loadEnvFile, Node 20.12 and later, never overwrites).
 */
function loadDotEnv(): void {
  if (!existsSync('.env')) return;
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    fail(new BotError('config_invalid', `.env cannot be read: ${(error as Error).message}`), EXIT_CONFIG);
  }
}

/** Prints the failure as one line, so that log collectors and terminals keep it together. */
function fail(error: unknown, status: number): never {
  const [head = '', ...details] = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  console.error(`Start-up failed: ${[head, details.join('; ')].filter((part) => part !== '').join(' ')}`);
  process.exit(status);
}

void main();
