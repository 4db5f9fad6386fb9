import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ClickOrigin, ClickOutcome } from '../../lib/approvals/service.js';
import { asBotError, InputError } from '../../lib/errors.js';
import type { Subject } from '../../lib/identity.js';
import { APPROVAL_ACTIONS } from '../../views/approval-card.js';
import { clickReply } from '../../views/approval-messages.js';
import { denyReasonModal } from '../../views/approval-modals.js';
import { errorMessage, type SlackMessage } from '../../views/messages.js';
import { logFailure } from '../commands/index.js';
import { requestLogger, type BotDeps } from '../context.js';

/** The parts of a block_actions payload the approval buttons use; the button value is only the request id. */
const clickSchema = z.looseObject({
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  trigger_id: z.string().optional(),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ type: z.string().optional(), channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  view: z.looseObject({ type: z.string().optional() }).optional(),
  message: z.looseObject({ ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.uuid() })).min(1),
});

type Click = z.infer<typeof clickSchema>;

/** The clicker and the channel of a payload whose button value or shape is invalid, for the audit event and the reply. */
const clickerSchema = z.looseObject({
  user: z.looseObject({ id: z.string().max(50), team_id: z.string().max(50).optional() }),
  team: z.looseObject({ id: z.string().max(50) }).nullable().optional(),
  channel: z.looseObject({ id: z.string().max(50) }).optional(),
});

interface ClickArgs {
  body: unknown;
  respond?: RespondFn;
  client: WebClient;
  log: Logger;
  deps: BotDeps;
}

/** Registers Approve, Deny and Cancel. Each acks at once and replies to the clicker with an ephemeral message. */
export function registerApprovalActions(app: App, deps: BotDeps): void {
  const listen = (actionId: string, work: (click: Click, subject: Subject, args: ClickArgs) => Promise<SlackMessage | null>) => {
    app.action(actionId, async ({ ack, body, respond, client, context }) => {
      await ack();
      // Bolt passes a respond function that fails when the payload has no response_url.
      const hasResponseUrl = typeof (body as { response_url?: unknown }).response_url === 'string';
      const args: ClickArgs = { body, client, deps, log: requestLogger(context, deps.logger), ...(hasResponseUrl ? { respond } : {}) };
      await deps.track(handleClick(args, work));
    });
  };

  listen(APPROVAL_ACTIONS.approve, async (click, subject) => clickReply(await deps.approvals.approve(requestId(click), subject, originOf(click))));
  listen(APPROVAL_ACTIONS.cancel, async (click, subject) => clickReply(await deps.approvals.cancel(requestId(click), subject)));
  listen(APPROVAL_ACTIONS.deny, async (click, subject, { client }) => {
    const request = await deps.approvals.checkApprover(requestId(click), subject, 'deny', originOf(click));
    if (request.state !== 'pending') return clickReply({ kind: 'closed', request } satisfies ClickOutcome);
    if (!click.trigger_id) throw new InputError('The click carried no trigger_id, so the Deny form cannot open. Click Deny again.');
    await client.views.open({ trigger_id: click.trigger_id, view: denyReasonModal(request) });
    return null;
  });
}

function requestId(click: Click): string {
  return click.actions[0]!.value;
}

/** Returns the message the clicked button was on, from the signed payload. */
function originOf(click: Click): ClickOrigin {
  return {
    channel: click.container?.channel_id ?? click.channel?.id ?? null,
    ts: click.container?.message_ts ?? click.message?.ts ?? null,
    homeTab: click.container?.type === 'view' && click.view?.type === 'home',
  };
}

async function handleClick(args: ClickArgs, work: (click: Click, subject: Subject, args: ClickArgs) => Promise<SlackMessage | null>): Promise<void> {
  const parsed = clickSchema.safeParse(args.body);
  if (!parsed.success) {
    args.log.warn({ issues: parsed.error.issues.length }, 'invalid approval click payload');
    await refuseInvalidClick(args);
    return;
  }
  const click = parsed.data;
  const subject: Subject = { teamId: click.team?.id ?? click.user.team_id ?? '', userId: click.user.id };
  let message: SlackMessage | null;
  try {
    message = await work(click, subject, args);
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(args.log, error);
    message = errorMessage(error);
  }
  if (message) await reply(args, click, message).catch((err: unknown) => args.log.error({ err }, 'approval click reply failed'));
}

/**
 * Audits a click whose payload failed validation (a forged or malformed button value) and tells
 * the clicker. The actor comes from the signed payload; a payload without a user is only logged.
 */
async function refuseInvalidClick(args: ClickArgs): Promise<void> {
  const clicker = clickerSchema.safeParse(args.body);
  if (!clicker.success) return;
  const { user, team, channel } = clicker.data;
  args.deps.audit.record({ actor: { kind: 'user', teamId: team?.id ?? user.team_id ?? '', userId: user.id }, action: 'approval.refuse', targets: [], outcome: 'refused', details: { reason: 'invalid click payload' } });
  const message = errorMessage(new InputError('This button click is not valid, so nothing was done. Use the buttons on the approval card.'));
  await reply(args, { channel, user }, message).catch((err: unknown) => args.log.error({ err }, 'approval click reply failed'));
}

/** Replies only to the clicker: through response_url when the payload has one, else with chat.postEphemeral. */
async function reply(args: ClickArgs, click: { channel?: { id: string } | undefined; user: { id: string } }, message: SlackMessage): Promise<void> {
  if (args.respond) {
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return;
  }
  if (click.channel) await args.client.chat.postEphemeral({ channel: click.channel.id, user: click.user.id, text: message.text, blocks: message.blocks });
}
