import type { App } from '@slack/bolt';
import type { BotDeps } from './context.js';
import { requestLoggerMiddleware } from './middleware.js';
import { registerCommands, subcommandHandlers } from './commands/index.js';
import type { SubcommandHandler } from './commands/types.js';
import { pagedLists } from './commands/lists.js';
import { registerListPaging } from './actions/list-paging.js';
import { registerTeamMemberMenu } from './actions/team-member-menu.js';
import { homeRefreshMiddleware, registerHomeTab } from './events/app-home.js';
import { registerPickers } from './options/pickers.js';
import { registerInviteSubmit } from './views/invite-submit.js';
import { registerAuditPageActions } from './actions/audit-page.js';
import { registerApprovalActions } from './actions/approvals.js';
import { registerApprovalViews } from './views/approvals.js';

export interface HandlerOptions {
  /** Replaces the subcommand table; tests use it to add a stub subcommand. */
  subcommands?: SubcommandHandler[];
}

/** Registers every Slack listener. This is the one place that lists every entry point. */
export function registerHandlers(app: App, deps: BotDeps, options: HandlerOptions = {}): void {
  app.use(requestLoggerMiddleware(deps.logger));
  const subcommands = options.subcommands ?? subcommandHandlers();
  app.use(homeRefreshMiddleware(deps, subcommands));
  registerCommands(app, deps, subcommands);
  registerPickers(app, deps);
  registerInviteSubmit(app, deps);
  registerAuditPageActions(app, deps);
  registerListPaging(app, deps, pagedLists);
  registerTeamMemberMenu(app, deps);
  registerHomeTab(app, deps, subcommands);
  registerApprovalActions(app, deps);
  registerApprovalViews(app, deps);
}
