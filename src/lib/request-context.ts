import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

interface RequestContext {
  log: Logger;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `work` with `log` as the request logger of everything it calls, so the Wix gateway and the
 * Slack client log with the same request id as the handler without passing the logger around.
 */
export function runWithRequestLogger<T>(log: Logger, work: () => Promise<T>): Promise<T> {
  return storage.run({ log }, work);
}

/** Returns the logger of the Slack request being handled, or undefined outside one. */
export function currentRequestLogger(): Logger | undefined {
  return storage.getStore()?.log;
}
