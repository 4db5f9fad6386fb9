import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import { InputError, PolicyDeniedError, asBotError } from '../../lib/errors.js';
import type { Subject } from '../../lib/identity.js';
import { EMAILS_FIELD, checkAddresses, splitAddresses } from '../../lib/invites/addresses.js';
import { ROLE_FIELD, rejectOwnerLevelRole, type OwnerLevelCheckDeps } from '../../lib/invites/owner-level.js';
import { sendInvites } from '../../lib/invites/send-invites.js';
import { truncate } from '../../lib/mrkdwn.js';
import { INVITE_ACTIONS, INVITE_BLOCKS, INVITE_CALLBACK_ID, inviteDoneModal, inviteResultMessage, inviteSendingModal } from '../../views/invite.js';
import { errorMessage, type SlackMessage } from '../../views/messages.js';
import { errorModal } from '../../views/modals.js';
import { NO_MATCH_VALUE } from '../../views/pickers.js';
import { logFailure } from '../commands/index.js';
import { requestLogger, type BotDeps } from '../context.js';
import { decodeInviteMetadata } from './invite-metadata.js';
import { auditRefusal } from '../refusals.js';

const selectedOption = z.looseObject({ value: z.string().max(150), text: z.looseObject({ text: z.string().max(150) }).optional() });

const submissionSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  view: z.looseObject({
    id: z.string().min(1),
    private_metadata: z.string().max(3000).default(''),
    state: z.looseObject({
      values: z.looseObject({
        [INVITE_BLOCKS.emails]: z.looseObject({ [INVITE_ACTIONS.emails]: z.looseObject({ value: z.string().max(3000).nullable().optional() }).optional() }).optional(),
        [INVITE_BLOCKS.role]: z
          .looseObject({
            [INVITE_ACTIONS.role]: z.looseObject({ selected_option: selectedOption.nullable().optional() }).optional(),
            [INVITE_ACTIONS.roleSearch]: z.looseObject({ selected_option: selectedOption.nullable().optional() }).optional(),
          })
          .optional(),
        [INVITE_BLOCKS.sites]: z.looseObject({ [INVITE_ACTIONS.sites]: z.looseObject({ selected_options: z.array(selectedOption).max(100).nullable().optional() }).optional() }).optional(),
      }),
    }),
  }),
});

/** A submission whose fields passed validation. */
interface InviteForm {
  emails: string[];
  roleId: string;
  siteIds: string[];
}

type FormCheck = { ok: true; form: InviteForm } | { ok: false; errors: Record<string, string> };

/** Registers the invite form's view_submission listener. */
export function registerInviteSubmit(app: App, deps: BotDeps): void {
  app.view(INVITE_CALLBACK_ID, async ({ ack, body, client, context }) => {
    const log = requestLogger(context, deps.logger);
    const parsed = submissionSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'invalid invite submission payload');
      await ack({ response_action: 'update', view: errorModal('Wix invite', 'The form could not be read. Run /wix invite again.') });
      return;
    }
    const { user, team, view } = parsed.data;
    // The submitter comes from the signed payload, never from the form or its metadata.
    const subject: Subject = { teamId: team?.id ?? user.team_id ?? '', userId: user.id };

    const check = checkForm(view.state.values, { policy: deps.authorizer.policy, audit: deps.audit }, subject);
    if (!check.ok) {
      log.warn({ fields: Object.keys(check.errors) }, 'invite form rejected');
      await ack({ response_action: 'errors', errors: check.errors });
      return;
    }

    // A double click on Submit sends the same view twice, possibly to two processes. Only the
    // first claim sends; a duplicate gets the same sending view and sends nothing.
    const sending = inviteSendingModal(check.form.emails.length);
    if (!deps.store.submissions.claim(`invite:${view.id}`)) {
      log.info({ viewId: view.id }, 'duplicate invite submission ignored');
      await ack({ response_action: 'update', view: sending });
      return;
    }

    // Authorization reads users.info and user groups from Slack, which may take longer than the
    // 3 seconds Slack waits for the ack, so it runs after the ack and a refusal updates the view.
    await ack({ response_action: 'update', view: sending });
    const metadata = decodeInviteMetadata(view.private_metadata);
    if (metadata === null) log.warn({ viewId: view.id }, 'invalid invite form metadata; the result goes by direct message');
    await deps.track(runInvite({ deps, client, log, subject, form: check.form, viewId: view.id, channelId: metadata?.channelId ?? null }));
  });
}

/**
 * Validates the form fields; returns per-block messages for Slack to show under each field. An
 * owner-level role is rejected here too (and the refusal recorded), so the user can pick another.
 */
function checkForm(values: z.infer<typeof submissionSchema>['view']['state']['values'], ownerLevel: OwnerLevelCheckDeps, subject: Subject): FormCheck {
  const errors: Record<string, string> = {};

  const emailText = values[INVITE_BLOCKS.emails]?.[INVITE_ACTIONS.emails]?.value ?? '';
  let emails: string[] = [];
  try {
    const addresses = checkAddresses(splitAddresses([emailText]));
    if (addresses.invalid.length > 0) errors[INVITE_BLOCKS.emails] = truncate(`Not a valid email address: ${addresses.invalid.join(', ')}`, 300);
    emails = addresses.valid;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    errors[INVITE_BLOCKS.emails] = truncate(error.fields[EMAILS_FIELD] ?? error.userMessage, 300);
  }

  const roleBlock = values[INVITE_BLOCKS.role];
  const roleOption = (roleBlock?.[INVITE_ACTIONS.role] ?? roleBlock?.[INVITE_ACTIONS.roleSearch])?.selected_option;
  const roleId = roleOption?.value;
  if (roleId === undefined || roleId === NO_MATCH_VALUE) errors[INVITE_BLOCKS.role] = 'Choose a role from the list.';
  else {
    // The option text is the role name that the bot put in the form. The domain function checks the
    // role again by its Wix name after the ack, in case the text differs.
    try {
      rejectOwnerLevelRole(ownerLevel, { subject, role: { id: roleId, name: roleOption?.text?.text ?? '' }, emails, surface: 'modal' });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors[INVITE_BLOCKS.role] = truncate(error.fields[ROLE_FIELD] ?? error.userMessage, 300);
    }
  }

  const siteIds = (values[INVITE_BLOCKS.sites]?.[INVITE_ACTIONS.sites]?.selected_options ?? []).map((option) => option.value);
  if (siteIds.includes(NO_MATCH_VALUE)) errors[INVITE_BLOCKS.sites] = 'Remove the entry that is not a site, and pick sites from the list.';

  if (Object.keys(errors).length > 0 || roleId === undefined) return { ok: false, errors };
  return { ok: true, form: { emails, roleId, siteIds } };
}

interface RunInput {
  deps: BotDeps;
  client: WebClient;
  log: Logger;
  subject: Subject;
  form: InviteForm;
  viewId: string;
  channelId: string | null;
}

/**
 * Authorizes the submitter and sends the invites after the ack, then shows the result or the
 * refusal in the modal and as a message. A refusal by the policy is recorded as `command.refused`.
 */
async function runInvite({ deps, client, log, subject, form, viewId, channelId }: RunInput): Promise<void> {
  let message: SlackMessage;
  try {
    await authorizeSubmitter(deps, subject);
    const result = await sendInvites({ wix: deps.wix, policy: deps.authorizer.policy, pickers: deps.pickers, audit: deps.audit, log }, { subject, emails: form.emails, role: form.roleId, sites: form.siteIds, surface: 'modal' });
    message = inviteResultMessage(result);
    await client.views.update({ view_id: viewId, view: inviteDoneModal(result) }).catch((err: unknown) => log.warn({ err }, 'could not show the invite result in the modal'));
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    message = errorMessage(error);
    await client.views.update({ view_id: viewId, view: errorModal('Wix invite', error.userMessage) }).catch((err: unknown) => log.warn({ err }, 'could not show the invite error in the modal'));
  }
  await sendToUser(client, log, subject.userId, channelId, message);
}

async function authorizeSubmitter(deps: BotDeps, subject: Subject): Promise<void> {
  try {
    await deps.authorizer.authorizeCommand('invite', subject);
  } catch (error) {
    if (error instanceof PolicyDeniedError) {
      auditRefusal(deps, subject, 'invite', 'modal', error);
    }
    throw error;
  }
}

/**
 * Posts the result as an ephemeral message in the channel of the command. When the bot cannot
 * post there (not a member, or no channel known), it sends a direct message instead.
 */
async function sendToUser(client: WebClient, log: Logger, userId: string, channelId: string | null, message: SlackMessage): Promise<void> {
  if (channelId !== null) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text: message.text, blocks: message.blocks });
      return;
    } catch (err) {
      log.info({ err, channelId }, 'ephemeral invite result failed; sending a direct message');
    }
  }
  await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks }).catch((err: unknown) => log.error({ err }, 'could not send the invite result'));
}
