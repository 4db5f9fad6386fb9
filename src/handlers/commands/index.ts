import type { App, SlashCommand, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { asBotError, PolicyDeniedError, UsageError, type BotError } from '../../lib/errors.js';
import type { Subject } from '../../lib/identity.js';
import { errorMessage } from '../../views/messages.js';
import { errorModal, loadingModal } from '../../views/modals.js';
import { requestLogger, type BotDeps } from '../context.js';
import { createAuditCommand } from './audit.js';
import { createHelpCommand } from './help.js';
import { createInviteCommand } from './invite.js';
import { transferCommand } from './transfer.js';
import { removeCommand } from './remove.js';
import { roleCommand } from './role.js';
import { requestsCommand } from './requests.js';
import { tokenize } from './parse.js';
import type { SubcommandHandler } from './types.js';
import { teamCommand } from './team.js';
import { whoisCommand } from './whois.js';
import { sitesCommand } from './sites.js';
import { domainsCommand } from './domains.js';
import { accountsCommand } from './accounts.js';
import { auditRefusal } from '../refusals.js';

/**
 * The subcommand table. Add a handler here and a rule under `commands:` in the policy file;
 * `/wix help` lists them in this order.
 */
export function subcommandHandlers(): SubcommandHandler[] {
  const handlers: SubcommandHandler[] = [];
  handlers.push(createHelpCommand(() => handlers));
  handlers.push(createInviteCommand());
  handlers.push(createAuditCommand());
  handlers.push(transferCommand, removeCommand, roleCommand, requestsCommand);
  handlers.push(teamCommand, whoisCommand, sitesCommand, domainsCommand, accountsCommand);
  return handlers;
}

export const SLASH_COMMAND = '/wix';

export function registerCommands(app: App, deps: BotDeps, handlers = subcommandHandlers()): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, context }) => {
    // Ack at once with no body: every reply goes through response_url, so Wix latency never
    // counts against Slack's 3-second window.
    await ack();
    const log = requestLogger(context, deps.logger);
    await deps.track(routeCommand({ command, respond, client, log, deps, handlers }));
  });
}

interface RouteInput {
  command: SlashCommand;
  respond: RespondFn;
  client: WebClient;
  log: Logger;
  deps: BotDeps;
  handlers: SubcommandHandler[];
}

async function routeCommand({ command, respond, client, log, deps, handlers }: RouteInput): Promise<void> {
  const subject: Subject = { teamId: command.team_id, userId: command.user_id };
  let viewId: string | undefined;
  let handler: SubcommandHandler | undefined;
  try {
    const words = tokenize(command.text ?? '');
    const name = (words.shift() ?? 'help').toLowerCase();
    handler = handlers.find((h) => h.name === name);
    if (!handler) {
      throw new UsageError(`Unknown subcommand "${name}".`, handlers.map((h) => `/wix ${h.usage}`).join('\n'));
    }
    log.info({ subcommand: handler.name }, 'command received');

    if (handler.opensModal?.(words)) {
      const opened = await client.views.open({ trigger_id: command.trigger_id, view: loadingModal(modalTitle(handler.name), `${handler.name}_loading`) });
      viewId = opened.view?.id;
    }
    await deps.authorizer.authorizeCommand(handler.name, subject);
    await handler.run({ words, command, subject, respond, client, log, deps, ...(viewId ? { viewId } : {}) });
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    if (error instanceof PolicyDeniedError) {
      auditRefusal(deps, subject, handler?.name ?? 'unknown', 'command', error);
    }
    if (viewId) {
      await client.views.update({ view_id: viewId, view: errorModal(modalTitle(handler?.name ?? 'wix'), error.userMessage) }).catch((err: unknown) => log.warn({ err }, 'could not show the error in the modal'));
    } else {
      await respond({ response_type: 'ephemeral', ...errorMessage(error) }).catch((err: unknown) => log.error({ err }, 'could not send the error reply'));
    }
  }
}

function modalTitle(subcommand: string): string {
  return `Wix ${subcommand}`;
}

/** Expected refusals and bad input are warnings; our own failures and Wix outages are errors. */
export function logFailure(log: Logger, error: BotError): void {
  const expected = ['usage', 'input_invalid', 'not_found', 'ambiguous', 'policy_denied', 'identity_rejected', 'approval_conflict', 'approval_rejected'];
  if (expected.includes(error.code)) log.warn({ code: error.code, reason: error.message }, 'request rejected');
  else log.error({ code: error.code, err: error }, 'request failed');
}

