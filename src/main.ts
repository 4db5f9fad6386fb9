import { createBot, StartupError } from './app.js';
import { loadConfig } from './lib/config.js';
import { BotError } from './lib/errors.js';
import { createLogger } from './lib/logger.js';

/** Entry point: parse config, start the bot, stop it cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let bot;
  try {
    bot = await createBot(config, { logger });
    await bot.start();
  } catch (error) {
    const known = error instanceof StartupError || error instanceof BotError;
    logger.fatal(known ? { code: (error as BotError).code } : { err: error }, (error as Error).message);
    console.error(`Start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
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
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
