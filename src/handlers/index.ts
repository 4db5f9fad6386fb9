import type { App } from '@slack/bolt';
import type { BotDeps } from './context.js';
import { requestLoggerMiddleware } from './middleware.js';
import { registerCommands } from './commands/index.js';
import { registerPickers } from './options/pickers.js';
import { registerInviteSubmit } from './views/invite-submit.js';
import { registerAuditPageActions } from './actions/audit-page.js';
import { registerApprovalActions } from './actions/approvals.js';
import { registerApprovalViews } from './views/approvals.js';

/** Registers every Slack listener. This is the one place that lists every entry point. */
export function registerHandlers(app: App, deps: BotDeps): void {
  app.use(requestLoggerMiddleware(deps.logger));
  registerCommands(app, deps);
  registerPickers(app, deps);
  registerInviteSubmit(app, deps);
  registerAuditPageActions(app, deps);
  registerApprovalActions(app, deps);
  registerApprovalViews(app, deps);
}
