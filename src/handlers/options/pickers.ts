import type { App } from '@slack/bolt';
import { z } from 'zod';
import { checkIdentity } from '../../lib/identity.js';
import type { CachedIndex } from '../../lib/pickers/cached-index.js';
import type { Subcommand } from '../../lib/policy/subcommands.js';
import { PICKER_ACTIONS, accountOption, memberOption, pickerLoadingOptions, pickerOptions, roleOption, siteOption } from '../../views/pickers.js';
import { requestLogger, type BotDeps } from '../context.js';
import type { Option } from '@slack/types';

const suggestionSchema = z.looseObject({
  value: z.string().max(500).default(''),
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
});

/** Slack waits 3 seconds for options, so a slow Wix load returns "still loading" before that. */
const OPTIONS_DEADLINE_MS = 2_000;

/**
 * The subcommands whose forms show each picker. A picker returns options only to users whom the
 * policy lets run one of them, because its options name sites, people and accounts.
 */
export const PICKER_SUBCOMMANDS: Record<string, Subcommand[]> = {
  [PICKER_ACTIONS.site]: ['transfer'],
  [PICKER_ACTIONS.sites]: ['invite'],
  [PICKER_ACTIONS.member]: ['remove', 'role'],
  [PICKER_ACTIONS.account]: ['transfer'],
  [PICKER_ACTIONS.role]: ['invite', 'role'],
};

/** Registers the options listeners of every external select (sites, members, accounts, roles). */
export function registerPickers(app: App, deps: BotDeps): void {
  const { pickers } = deps;
  register(app, deps, PICKER_ACTIONS.site, pickers.sites, siteOption);
  register(app, deps, PICKER_ACTIONS.sites, pickers.sites, siteOption);
  register(app, deps, PICKER_ACTIONS.member, pickers.members, memberOption);
  register(app, deps, PICKER_ACTIONS.account, pickers.accounts, accountOption);
  register(app, deps, PICKER_ACTIONS.role, pickers.roles, roleOption);
}

/** Checks whether the policy lets the user run at least one subcommand whose form shows the picker. */
async function mayUsePicker(deps: BotDeps, actionId: string, userId: string): Promise<boolean> {
  for (const subcommand of PICKER_SUBCOMMANDS[actionId] ?? []) {
    const rule = deps.authorizer.policy.commandRule(subcommand);
    if (rule !== undefined && (await deps.authorizer.matches(rule, userId))) return true;
  }
  return false;
}

function register<T>(app: App, deps: BotDeps, actionId: string, index: CachedIndex<T>, toOption: (item: T) => Option): void {
  app.options(actionId, async ({ body, ack, context }) => {
    const log = requestLogger(context, deps.logger);
    const parsed = suggestionSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'invalid block_suggestion payload');
      await ack({ options: [] });
      return;
    }
    const { value, user, team } = parsed.data;
    try {
      // Picker lists name sites and people, so guests and other organizations get nothing, and
      // members get them only for forms the policy lets them use.
      await checkIdentity(deps.authorizer.directory, deps.workspace, { teamId: team?.id ?? user.team_id ?? '', userId: user.id });
      if (!(await mayUsePicker(deps, actionId, user.id))) {
        log.warn({ actionId }, 'picker request rejected by the policy');
        await ack({ options: [] });
        return;
      }
    } catch (error) {
      log.warn({ err: error }, 'picker request rejected');
      await ack({ options: [] });
      return;
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), OPTIONS_DEADLINE_MS).unref());
    const result = await Promise.race([index.search(value, 100), timeout]).catch((error: unknown) => {
      log.error({ err: error }, 'picker search failed');
      return 'timeout' as const;
    });
    if (result === 'timeout') {
      await ack(pickerLoadingOptions());
      return;
    }
    await ack(pickerOptions(result.items.map(toOption), value, result.total));
  });
}
