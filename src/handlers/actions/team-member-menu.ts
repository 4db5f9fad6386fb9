import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import { asBotError, InputError, NotFoundError, PolicyDeniedError } from '../../lib/errors.js';
import { checkIdentity, type Subject } from '../../lib/identity.js';
import { approvalRequestModal } from '../../views/approval-modals.js';
import { errorMessage } from '../../views/messages.js';
import { errorModal } from '../../views/modals.js';
import { memberOption } from '../../views/pickers.js';
import { memberCommandHint, withChosenMember } from '../../views/team-actions.js';
import { TEAM_MEMBER_MENU_ACTION } from '../../views/team.js';
import { formMetadataSchema } from '../commands/approval-request.js';
import { logFailure } from '../commands/index.js';
import { findMemberById, whoisFor } from '../commands/whois.js';
import { requestLogger, type BotDeps } from '../context.js';
import { clickSubject, parseEphemeralClick, type BlockAction } from './payload.js';
import { auditRefusal } from '../refusals.js';

const menuValueSchema = z.strictObject({
  o: z.enum(['access', 'role', 'remove']),
  m: z.string().regex(/^[\w-]{1,100}$/),
});

/**
 * Registers the overflow menu on each member of `/wix team`. "Show access" replies with the
 * whois view. "Change role" and "Remove from team" open the approval flow's request form with the
 * member already chosen, which is the same form as `/wix role` and `/wix remove` without arguments.
 */
export function registerTeamMemberMenu(app: App, deps: BotDeps): void {
  app.action({ type: 'block_actions', action_id: TEAM_MEMBER_MENU_ACTION }, async ({ ack, body, respond, client, context }) => {
    await ack();
    const log = requestLogger(context, deps.logger);
    await deps.track(handleMenu(deps, body, respond, client, log));
  });
}

async function handleMenu(deps: BotDeps, body: unknown, respond: RespondFn, client: WebClient, log: Logger): Promise<void> {
  const click = parseEphemeralClick(body, log);
  if (!click) return;
  const subject = clickSubject(click);
  let checkedSubcommand: 'whois' | 'role' | 'remove' = 'whois';
  try {
    const choice = menuValueSchema.safeParse(parseJson(click.actions[0]?.selected_option?.value));
    if (!choice.success) throw new InputError('This menu option is not valid. Run `/wix team` again.');
    const { o: operation, m: memberId } = choice.data;
    if (operation !== 'access') {
      checkedSubcommand = operation;
      await openRequestForm(deps, client, click, subject, operation, memberId, respond, log);
      return;
    }
    await deps.authorizer.authorizeCommand('whois', subject);
    const member = await findMemberById(deps, memberId);
    if (!member) throw new NotFoundError('That member is no longer on the team. Run `/wix team` again.');
    await respond({ replace_original: false, response_type: 'ephemeral', ...(await whoisFor(deps, member, log)) });
    log.info({ operation, memberId }, 'member menu reply sent');
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    if (error instanceof PolicyDeniedError) auditRefusal(deps, subject, checkedSubcommand, 'menu', error);
    await respond({ replace_original: false, response_type: 'ephemeral', ...errorMessage(error) }).catch((err: unknown) => log.error({ err }, 'could not send the error reply'));
  }
}

/**
 * Opens the approval request form for `operation` with the member preselected. The click's
 * trigger_id expires after 3 seconds, so the form opens before the policy rule is checked, but
 * only after the identity check (users.info is cached) and naming the member only by Wix user ID.
 * Once the rule allows the user, the form is updated to name the member; a refusal replaces it
 * with the reason. The form's submission is authorized again.
 */
async function openRequestForm(deps: BotDeps, client: WebClient, payload: BlockAction, subject: Subject, operation: 'role' | 'remove', memberId: string, respond: RespondFn, log: Logger): Promise<void> {
  await checkIdentity(deps.authorizer.directory, deps.authorizer.workspace, subject);
  const metadata = JSON.stringify(formMetadataSchema.parse({ channel: payload.channel?.id ?? subject.userId }));
  const unnamed = { text: { type: 'plain_text' as const, text: `Wix user ${memberId}`.slice(0, 75) }, value: memberId };
  let viewId: string | undefined;
  try {
    const opened = await client.views.open({ trigger_id: payload.trigger_id ?? '', view: approvalRequestModal(operation, metadata, unnamed) });
    viewId = opened.view?.id;
  } catch (error) {
    // An expired trigger_id leaves the command as the way in, which names the member only to users the rule allows.
    log.warn({ err: error, operation }, 'request form did not open; sending the command instead');
    await deps.authorizer.authorizeCommand(operation, subject);
    const member = await findMemberById(deps, memberId);
    if (!member) throw new NotFoundError('That member is no longer on the team. Run `/wix team` again.');
    await respond({ replace_original: false, response_type: 'ephemeral', ...memberCommandHint(operation, member) });
    return;
  }
  try {
    await deps.authorizer.authorizeCommand(operation, subject);
    log.info({ operation, memberId }, 'request form opened from the member menu');
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    if (!(error instanceof PolicyDeniedError) || !viewId) throw error;
    auditRefusal(deps, subject, operation, 'menu', error);
    await client.views.update({ view_id: viewId, view: errorModal(operation === 'role' ? 'Change a role' : 'Remove a member', error.userMessage) });
    return;
  }
  // Only a loaded index can name the member without a Wix call; otherwise the form keeps the Wix user ID.
  const known = deps.pickers.members.loaded ? await deps.pickers.members.get(memberId) : undefined;
  if (!known || !viewId) return;
  await client.views.update({ view_id: viewId, view: withChosenMember(approvalRequestModal(operation, metadata, memberOption(known)), known) });
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
