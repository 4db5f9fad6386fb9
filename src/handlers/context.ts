import type { Logger } from 'pino';
import type { Config } from '../lib/config.js';
import type { Store } from '../lib/store/index.js';
import type { AuditLog } from '../lib/audit/audit-log.js';
import type { WixHttp } from '../lib/wix/http.js';
import type { Authorizer } from '../lib/policy/authorize.js';
import type { Workspace } from '../lib/identity.js';
import type { PickerIndexes } from '../lib/pickers/indexes.js';
import type { ApprovalService } from '../lib/approvals/service.js';
import type { SlackApprovalNotifier } from './approval-notifier.js';
import type { HomeRequestSource } from '../lib/account/home.js';

/** Everything a handler may use; built once in src/app.ts. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  store: Store;
  audit: AuditLog;
  wix: WixHttp;
  authorizer: Authorizer;
  workspace: Workspace;
  /** Cached lists of sites, members, accounts and roles for external selects. */
  pickers: PickerIndexes;
  /** Approval requests for transfers, removals and owner-level role changes. */
  approvals: ApprovalService;
  /** Posts approval cards and DMs; also builds links to cards. */
  approvalNotifier: SlackApprovalNotifier;
  /** Pending approval requests for the Home tab; without it the tab shows no requests. */
  homeRequests?: HomeRequestSource;
  now: () => Date;
  /** Background jobs that must finish before shutdown (modal updates after ack, executions). */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/** Returns the per-request child logger that the request middleware put on Bolt's context. */
export function requestLogger(context: Record<string, unknown>, fallback: Logger): Logger {
  return (context.log as Logger | undefined) ?? fallback;
}
