import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { asBotError, InputError, NotFoundError } from '../../lib/errors.js';
import { memberCommandHint } from '../../views/team-actions.js';
import { TEAM_MEMBER_MENU_ACTION } from '../../views/team.js';
import { errorMessage } from '../../views/messages.js';
import { logFailure } from '../commands/index.js';
import { findMemberById, whoisFor } from '../commands/whois.js';
import { requestLogger, type BotDeps } from '../context.js';
import { blockActionSchema, clickSubject } from './payload.js';

const menuValueSchema = z.strictObject({
  o: z.enum(['access', 'role', 'remove']),
  m: z.string().regex(/^[\w-]{1,100}$/),
});

/**
 * Registers the overflow menu on each member of `/wix team`. "Show access" replies with the
 * whois view. "Change role" and "Remove" reply with the `/wix role` or `/wix remove` command to
 * run, because those changes go through the approval flow, which starts from its commands.
 */
export function registerTeamMemberMenu(app: App, deps: BotDeps): void {
  app.action({ type: 'block_actions', action_id: TEAM_MEMBER_MENU_ACTION }, async ({ ack, body, respond, context }) => {
    await ack();
    const log = requestLogger(context, deps.logger);
    await deps.track(handleMenu(deps, body, respond, log));
  });
}

async function handleMenu(deps: BotDeps, body: unknown, respond: RespondFn, log: Logger): Promise<void> {
  const payload = blockActionSchema.safeParse(body);
  if (!payload.success) {
    log.warn({ issues: payload.error.issues.length }, 'invalid block_actions payload');
    return;
  }
  if (!payload.data.response_url) {
    // Buttons in ephemeral messages always come with a response_url; without one there is no way to reply.
    log.warn({}, 'block_actions payload has no response_url');
    return;
  }
  const subject = clickSubject(payload.data);
  try {
    const choice = menuValueSchema.safeParse(parseJson(payload.data.actions[0]?.selected_option?.value));
    if (!choice.success) throw new InputError('This menu option is not valid. Run `/wix team` again.');
    const { o: operation, m: memberId } = choice.data;
    // Showing access is whois; proposing a change only needs the team list itself.
    await deps.authorizer.authorizeCommand(operation === 'access' ? 'whois' : 'team', subject);
    const member = await findMemberById(deps, memberId);
    if (!member) throw new NotFoundError('That member is no longer on the team. Run `/wix team` again.');
    const message = operation === 'access' ? await whoisFor(deps, member, log) : memberCommandHint(operation, member);
    await respond({ replace_original: false, response_type: 'ephemeral', ...message });
    log.info({ operation, memberId }, 'member menu reply sent');
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    await respond({ replace_original: false, response_type: 'ephemeral', ...errorMessage(error) }).catch((err: unknown) => log.error({ err }, 'could not send the error reply'));
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
