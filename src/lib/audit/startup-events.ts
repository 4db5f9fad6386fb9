import type { Logger } from 'pino';
import { Store } from '../store/index.js';
import type { AuditTarget } from './event.js';

export interface StartupFailure {
  /** `bot.config_error` for a setting the operator must fix, `bot.start_failed` for anything else. */
  action: 'bot.config_error' | 'bot.start_failed';
  targets: AuditTarget[];
  /** The operator message; it names files and variables, never their secret values. */
  reason: string;
}

/**
 * Stores a failed start as an audit event in an already open store. The bot has not started, so
 * nothing posts it now; the sender of the next good start delivers it with the rest of the backlog.
 * Never throws, because the start-up error itself is what the operator must see.
 */
export function recordStartupFailureInStore(store: Store, failure: StartupFailure, logger: Logger): boolean {
  try {
    store.transaction(() =>
      store.audit.append({ actor: { kind: 'system' }, action: failure.action, targets: failure.targets, outcome: 'failed', details: { reason: failure.reason } }),
    );
    return true;
  } catch (error) {
    logger.warn({ err: error, action: failure.action }, 'could not record the start-up failure in the audit log');
    return false;
  }
}

/** Opens the store under `dataDir` only to record a failed start; false when DATA_DIR is unusable. */
export function recordStartupFailure(dataDir: string, failure: StartupFailure, options: { now: () => Date; logger: Logger }): boolean {
  let store: Store;
  try {
    store = new Store({ dataDir, now: options.now, logger: options.logger });
  } catch (error) {
    options.logger.warn({ err: error, action: failure.action }, 'could not open the store to record the start-up failure');
    return false;
  }
  try {
    return recordStartupFailureInStore(store, failure, options.logger);
  } finally {
    store.close();
  }
}
