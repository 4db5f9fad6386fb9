import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import { prepareRemove, prepareRoleChange, prepareTransfer, type PrepareContext } from '../../lib/approvals/prepare.js';
import { asBotError, PolicyDeniedError } from '../../lib/errors.js';
import type { Subject } from '../../lib/identity.js';
import type { ApprovalAction } from '../../lib/policy/subcommands.js';
import { clickReplyText, directRoleChangeMessage, duplicateRequestMessage, requestCreatedMessage } from '../../views/approval-messages.js';
import { APPROVAL_CALLBACKS, APPROVAL_INPUTS, REASON_ACTION, REASON_MAX_LENGTH, checkingModal, resultModal } from '../../views/approval-modals.js';
import { errorModal } from '../../views/modals.js';
import { NO_MATCH_VALUE, PICKER_ACTIONS } from '../../views/pickers.js';
import { logFailure } from '../commands/index.js';
import { createOrFindPending, formMetadataSchema } from '../commands/approval-request.js';
import type { SlackMessage } from '../../views/messages.js';
import { requestLogger, type BotDeps } from '../context.js';
import { auditRefusal } from '../refusals.js';

const inputValueSchema = z.looseObject({
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullable().optional(),
});

const submissionSchema = z.looseObject({
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  view: z.looseObject({
    id: z.string(),
    private_metadata: z.string().max(3000).default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), inputValueSchema)) }),
  }),
});

type Submission = z.infer<typeof submissionSchema>;

const FORM_TITLES: Record<ApprovalAction | 'deny', string> = { transfer: 'Transfer a site', remove: 'Remove a member', role: 'Change a role', deny: 'Deny request' };

function selected(submission: Submission, blockId: string, actionId: string): string | null {
  const value = submission.view.state.values[blockId]?.[actionId]?.selected_option?.value;
  return value && value !== NO_MATCH_VALUE ? value : null;
}

function reasonOf(submission: Submission): string {
  return (submission.view.state.values[APPROVAL_INPUTS.reason]?.[REASON_ACTION]?.value ?? '').trim();
}

function subjectOf(submission: Submission): Subject {
  return { teamId: submission.team?.id ?? submission.user.team_id ?? '', userId: submission.user.id };
}

/** Field errors that can be found without Slack or Wix, so the modal can show them at once. */
function formErrors(action: ApprovalAction, submission: Submission): Record<string, string> {
  const errors: Record<string, string> = {};
  if (action === 'transfer') {
    if (!selected(submission, APPROVAL_INPUTS.site, PICKER_ACTIONS.site)) errors[APPROVAL_INPUTS.site] = 'Choose a site from the list.';
    if (!selected(submission, APPROVAL_INPUTS.target, PICKER_ACTIONS.account)) errors[APPROVAL_INPUTS.target] = 'Choose an account from the list.';
  } else {
    if (!selected(submission, APPROVAL_INPUTS.member, PICKER_ACTIONS.member)) errors[APPROVAL_INPUTS.member] = 'Choose a member from the list.';
    if (action === 'role' && !selected(submission, APPROVAL_INPUTS.role, PICKER_ACTIONS.role)) errors[APPROVAL_INPUTS.role] = 'Choose a role from the list.';
  }
  const reason = reasonOf(submission);
  if (!reason) errors[APPROVAL_INPUTS.reason] = 'Give a reason; approvers and the audit log see it.';
  else if (reason.length > REASON_MAX_LENGTH) errors[APPROVAL_INPUTS.reason] = `Keep the reason under ${REASON_MAX_LENGTH} characters.`;
  return errors;
}

/**
 * Registers the submissions of the request forms and of the Deny modal. Each acks with a
 * "checking" view within Slack's 3 seconds, then shows the outcome with views.update.
 */
export function registerApprovalViews(app: App, deps: BotDeps): void {
  for (const action of ['transfer', 'remove', 'role'] as const) {
    app.view(APPROVAL_CALLBACKS[action], async ({ ack, body, client, context }) => {
      const log = requestLogger(context, deps.logger);
      const parsed = submissionSchema.safeParse(body);
      if (!parsed.success) {
        log.warn({ issues: parsed.error.issues.length }, 'invalid request form submission');
        await ack();
        return;
      }
      const errors = formErrors(action, parsed.data);
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      // A double-clicked Submit sends the same view twice, possibly to two processes; only the first submission runs.
      if (!deps.store.submissions.claim(`approval-form:${parsed.data.view.id}`)) {
        log.info({ viewId: parsed.data.view.id }, 'duplicate request form submission dropped');
        await ack();
        return;
      }
      await ack({ response_action: 'update', view: checkingModal(FORM_TITLES[action]) });
      await deps.track(showOutcome(client, log, deps, parsed.data, action, () => submitForm(deps, client, log, action, parsed.data)));
    });
  }

  app.view(APPROVAL_CALLBACKS.deny, async ({ ack, body, client, context }) => {
    const log = requestLogger(context, deps.logger);
    const parsed = submissionSchema.safeParse(body);
    const requestId = z.uuid().safeParse(parsed.data?.view.private_metadata);
    if (!parsed.success || !requestId.success) {
      log.warn({}, 'invalid deny submission');
      await ack();
      return;
    }
    const reason = reasonOf(parsed.data);
    if (!reason || reason.length > REASON_MAX_LENGTH) {
      const error = reason ? `Keep the reason under ${REASON_MAX_LENGTH} characters.` : 'Give a reason; the requester sees it.';
      await ack({ response_action: 'errors', errors: { [APPROVAL_INPUTS.reason]: error } });
      return;
    }
    await ack({ response_action: 'update', view: checkingModal(FORM_TITLES.deny) });
    await deps.track(showOutcome(client, log, deps, parsed.data, 'deny', async () => clickReplyText(await deps.approvals.deny(requestId.data, subjectOf(parsed.data), reason))));
  });
}

/** Runs `work` and replaces the "checking" view with its message, or with the error. */
async function showOutcome(client: WebClient, log: Logger, deps: BotDeps, submission: Submission, form: ApprovalAction | 'deny', work: () => Promise<string>): Promise<void> {
  let view;
  try {
    view = resultModal(FORM_TITLES[form], await work());
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    if (error instanceof PolicyDeniedError && form !== 'deny') {
      const subject = subjectOf(submission);
      auditRefusal(deps, subject, form, 'modal', error);
    }
    view = errorModal(FORM_TITLES[form], error.userMessage);
  }
  await client.views.update({ view_id: submission.view.id, view }).catch((err: unknown) => log.warn({ err }, 'could not show the outcome in the modal'));
}

function channelOf(submission: Submission): string | null {
  try {
    const parsed = formMetadataSchema.safeParse(JSON.parse(submission.view.private_metadata));
    return parsed.success ? parsed.data.channel : null;
  } catch {
    return null;
  }
}

/**
 * Sends the confirmation with its Cancel button as an ephemeral message in the channel of the
 * command, because a modal has no response_url. When the bot cannot post there, it sends a DM.
 */
async function sendConfirmation(client: WebClient, log: Logger, userId: string, channel: string | null, message: SlackMessage): Promise<void> {
  if (channel !== null) {
    try {
      await client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks });
      return;
    } catch (err) {
      log.info({ err, channel }, 'ephemeral request confirmation failed; sending a direct message');
    }
  }
  await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks }).catch((err: unknown) => log.warn({ err }, 'request confirmation DM failed'));
}

/** Checks and submits a request form; returns the mrkdwn shown in the modal. */
async function submitForm(deps: BotDeps, client: WebClient, log: Logger, action: ApprovalAction, submission: Submission): Promise<string> {
  const subject = subjectOf(submission);
  // The form could be submitted by anyone holding a signed payload, so the command rule is checked again.
  await deps.authorizer.authorizeCommand(action, subject);
  const context: PrepareContext = { wix: deps.wix, pickers: deps.pickers, policy: deps.authorizer.policy };
  const reason = reasonOf(submission);
  let prepared;
  if (action === 'transfer') {
    prepared = await prepareTransfer(context, { site: selected(submission, APPROVAL_INPUTS.site, PICKER_ACTIONS.site)!, target: selected(submission, APPROVAL_INPUTS.target, PICKER_ACTIONS.account)! });
  } else if (action === 'remove') {
    prepared = await prepareRemove(context, { member: selected(submission, APPROVAL_INPUTS.member, PICKER_ACTIONS.member)! });
  } else {
    const change = await prepareRoleChange(context, { member: selected(submission, APPROVAL_INPUTS.member, PICKER_ACTIONS.member)!, role: selected(submission, APPROVAL_INPUTS.role, PICKER_ACTIONS.role)! });
    if (!change.needsApproval) {
      const { result } = await deps.approvals.changeRoleNow(subject, change, reason);
      return directRoleChangeMessage(result).text;
    }
    prepared = change;
  }
  const request = await createOrFindPending(deps, subject, prepared, reason);
  if ('existing' in request) return firstText(duplicateRequestMessage(request.existing, await deps.approvalNotifier.permalink(request.existing.card)));
  const confirmation = requestCreatedMessage(request, await deps.approvalNotifier.permalink(request.card));
  await sendConfirmation(client, log, subject.userId, channelOf(submission), confirmation);
  return firstText(confirmation);
}

/** Returns the mrkdwn of a message's first section, for a result modal. */
function firstText(message: SlackMessage): string {
  const first = message.blocks[0];
  return first && first.type === 'section' && first.text ? first.text.text : message.text;
}
