import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import { accountSummary } from '../../lib/account/home.js';
import { checkIdentity } from '../../lib/identity.js';
import { APPROVAL_ACTIONS } from '../../lib/policy/subcommands.js';
import { homeUnavailableView, homeView } from '../../views/home.js';
import type { SubcommandHandler } from '../commands/types.js';
import { requestLogger, type BotDeps } from '../context.js';

/** Event that renders the Home tab; the manifest subscribes to it under bot_events. */
export const HOME_EVENT = 'app_home_opened';

const homeOpenedSchema = z.looseObject({
  team_id: z.string().optional(),
  event: z.looseObject({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: z.string().optional() }),
});

/**
 * Renders the Home tab each time a user opens it: the account counts that the viewer's policy
 * rules allow, the viewer's own pending requests, for approvers the requests waiting for them, and
 * the subcommands the viewer may run. Users the bot refuses
 * (guests, other organizations) get a short "not available" tab and no account data.
 */
export function registerHomeTab(app: App, deps: BotDeps, subcommands: SubcommandHandler[]): void {
  app.event(HOME_EVENT, async ({ body, client, context }) => {
    const log = requestLogger(context, deps.logger);
    const parsed = homeOpenedSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'invalid app_home_opened payload');
      return;
    }
    const { event } = parsed.data;
    // The Messages tab fires the same event; only the Home tab needs a view.
    if (event.tab !== undefined && event.tab !== 'home') return;
    const teamId = parsed.data.team_id ?? context.teamId ?? '';
    await deps.track(publishHomeFor(deps, client, subcommands, teamId, event.user, log));
  });
}

const homeClickSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  view: z.looseObject({ type: z.literal('home') }),
  actions: z.array(z.looseObject({ action_id: z.string() })).min(1),
});

/**
 * Publishes the Home tab again after an Approve or Deny click on it, because the approval flow
 * replies to clicks in a channel and the Home tab has none. It runs after the listeners, so the
 * tab shows the request's new state.
 */
export function homeRefreshMiddleware(deps: BotDeps, subcommands: SubcommandHandler[]): Middleware<AnyMiddlewareArgs> {
  return async ({ body, client, context, next }) => {
    await next();
    const ids = deps.homeRequests?.actionIds;
    const click = homeClickSchema.safeParse(body);
    if (!ids || !click.success) return;
    if (!click.data.actions.some((action) => action.action_id === ids.approve || action.action_id === ids.deny)) return;
    const log = requestLogger(context, deps.logger);
    const teamId = click.data.team?.id ?? click.data.user.team_id ?? '';
    await deps.track(publishHomeFor(deps, client, subcommands, teamId, click.data.user.id, log));
  };
}

async function publishHomeFor(deps: BotDeps, client: WebClient, subcommands: SubcommandHandler[], teamId: string, userId: string, log: Logger): Promise<void> {
  try {
    const view = await publishHome(deps, subcommands, teamId, userId, log);
    await client.views.publish({ user_id: userId, view });
    log.info({}, 'home tab published');
  } catch (error) {
    log.error({ err: error }, 'home tab publish failed');
  }
}

async function publishHome(deps: BotDeps, subcommands: SubcommandHandler[], teamId: string, userId: string, log: Logger) {
  try {
    await checkIdentity(deps.authorizer.directory, deps.workspace, { teamId, userId });
  } catch (error) {
    log.warn({ err: error }, 'home tab rejected the user');
    return homeUnavailableView();
  }
  const isApprover = await approverOfAny(deps, userId);
  const allowed = await allowedSubcommands(deps, subcommands, userId);
  const access = { team: allowed.some((handler) => handler.name === 'team'), sites: allowed.some((handler) => handler.name === 'sites') };
  const source = deps.homeRequests;
  const [summary, requests] = await Promise.all([
    accountSummary(deps.wix, log, access),
    source
      ? Promise.all([source.requestedBy(userId), isApprover ? source.awaitingApprovalFrom(userId) : Promise.resolve([])]).then(([own, awaiting]) => ({ own, awaiting, actionIds: source.actionIds }))
      : Promise.resolve(null),
  ]);
  return homeView({ summary, requests, isApprover, updatedAt: deps.now(), commands: allowed });
}

/** Returns the subcommands whose policy rule names the user; the identity check has already passed. */
async function allowedSubcommands(deps: BotDeps, subcommands: SubcommandHandler[], userId: string): Promise<SubcommandHandler[]> {
  const allowed: SubcommandHandler[] = [];
  for (const handler of subcommands) {
    const rule = deps.authorizer.policy.commandRule(handler.name);
    if (rule !== undefined && (await deps.authorizer.matches(rule, userId))) allowed.push(handler);
  }
  return allowed;
}

async function approverOfAny(deps: BotDeps, userId: string): Promise<boolean> {
  for (const action of APPROVAL_ACTIONS) {
    const rule = deps.authorizer.policy.approvalRule(action);
    if (rule && (await deps.authorizer.matches(rule.approvers, userId))) return true;
  }
  return false;
}
