import type { KnownBlock } from '@slack/types';
import type { ClickOutcome } from '../lib/approvals/service.js';
import type { ApprovalRequest, ExecutionResult } from '../lib/approvals/types.js';
import { code, mentionUser, slackDate } from '../lib/mrkdwn.js';
import { APPROVAL_ACTIONS, APPROVAL_CARD_BLOCKS, clip, clipReason, fit, requestSummary, requestSummaryText } from './approval-card.js';
import type { SlackMessage } from './messages.js';

function link(url: string | null, label: string): string {
  return url ? `<${url}|${label}>` : label;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fit(text, 3000) } };
}

/** Builds the requester's confirmation: the request, a link to the card, the deadline and a Cancel button. */
export function requestCreatedMessage(request: ApprovalRequest, cardUrl: string | null): SlackMessage {
  const text = `:outbox_tray: Your request to ${requestSummary(request)} is waiting for ${request.required} approval(s) by ${slackDate(request.expiresAt)}. ${link(cardUrl, 'Open the approval card')}.`;
  return {
    text: fit(`Request sent for approval: ${requestSummaryText(request)}`, 3000),
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: APPROVAL_CARD_BLOCKS.requesterActions,
        elements: [{ type: 'button', action_id: APPROVAL_ACTIONS.cancel, text: { type: 'plain_text', text: 'Cancel request' }, value: request.id }],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Request ${code(request.id)}` }] },
    ],
  };
}

/** Builds the reply to a request for a change that a pending request already asks for. */
export function duplicateRequestMessage(existing: ApprovalRequest, cardUrl: string | null): SlackMessage {
  const text = `:information_source: ${mentionUser(existing.requester.userId)} already asked to ${requestSummary(existing)}; that request waits for approval until ${slackDate(existing.expiresAt)}. No new request was made. ${link(cardUrl, 'Open its approval card')}.`;
  return {
    text: fit(`Already pending: ${requestSummaryText(existing)}`, 3000),
    blocks: [section(text), { type: 'context', elements: [{ type: 'mrkdwn', text: `Request ${code(existing.id)}` }] }],
  };
}

/** Builds the DM sent to the requester when their request is decided, runs, fails or expires. */
export function requesterUpdateMessage(request: ApprovalRequest, cardUrl: string | null): SlackMessage {
  const what = requestSummary(request);
  const by = request.decidedBy ? mentionUser(request.decidedBy) : 'the bot';
  const result = (r: ExecutionResult | null) => (r ? ` ${clip(r.message, 600)}${r.wixRequestId ? ` (Wix request id ${code(r.wixRequestId)})` : ''}` : '');
  let text: string;
  switch (request.state) {
    case 'approved':
    case 'executing':
      text = `:white_check_mark: Your request to ${what} was approved; the bot is running it now.`;
      break;
    case 'succeeded':
      text = `:white_check_mark: Done: ${what}.${result(request.result)}`;
      break;
    case 'failed':
      text = `:x: Your approved request to ${what} failed.${result(request.result)}`;
      break;
    case 'unknown':
      text = `:warning: Your approved request to ${what} has an unknown outcome: check the Wix dashboard.${result(request.result)}`;
      break;
    case 'denied':
      text = `:no_entry: ${by} denied your request to ${what}: ${clipReason(request.denyReason ?? '')}`;
      break;
    case 'expired':
      text = `:hourglass: Your request to ${what} expired ${slackDate(request.expiresAt)} without a decision. Ask again if it is still needed.`;
      break;
    case 'cancelled':
      text = `:heavy_multiplication_x: Your request to ${what} was cancelled.`;
      break;
    case 'pending':
      text = `:outbox_tray: Your request to ${what} is waiting for approval.`;
      break;
  }
  return { text: fit(`Request ${request.state}: ${requestSummaryText(request)}`, 3000), blocks: [section(`${text} ${link(cardUrl, 'Open the card')}.`)] };
}

/** Builds the ephemeral reply to a click on Approve, Deny or Cancel. */
export function clickReply(outcome: ClickOutcome): SlackMessage {
  const text = clickReplyText(outcome);
  return { text: fit(text, 3000), blocks: [section(text)] };
}

/** Returns the text of `clickReply` as escaped mrkdwn; the Deny modal shows it too. */
export function clickReplyText(outcome: ClickOutcome): string {
  const request = outcome.request;
  const what = requestSummary(request);
  let text: string;
  switch (outcome.kind) {
    case 'recorded':
      text = `:ballot_box_with_check: Your approval is recorded. Current approvals: ${outcome.approvals} of ${request.required}. The request to ${what} waits for more approvers.`;
      if (outcome.dropped) text += ` ${outcome.dropped} earlier approval(s) no longer count, because those users may no longer approve.`;
      break;
    case 'approved':
      text = `:white_check_mark: You approved the request to ${what}. The bot is running it now; the card shows the outcome.`;
      break;
    case 'denied':
      text = `:no_entry: You denied the request to ${what}. The requester is told.`;
      break;
    case 'cancelled':
      text = `:heavy_multiplication_x: You cancelled your request to ${what}.`;
      break;
    case 'already_voted':
      text = `You already approved this request; approvals are counted once per person (${request.required} needed).`;
      break;
    case 'closed':
      text = closedText(request);
      break;
  }
  return text;
}

/** Returns the message for a late clicker: who decided and when. */
function closedText(request: ApprovalRequest): string {
  const by = request.decidedBy ? mentionUser(request.decidedBy) : 'the bot';
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  switch (request.state) {
    case 'expired':
      return `:hourglass: This request expired ${slackDate(request.expiresAt)}; nothing was done. The requester may ask again.`;
    case 'denied':
      return `This request was already denied by ${by} ${when}.`;
    case 'cancelled':
      return `This request was cancelled by ${by} ${when}.`;
    default:
      return `This request was already approved by ${by} ${when} (now ${request.state}).`;
  }
}

/** Block text kept for the request list, under Slack's total of about 12,000 characters per message. */
const LIST_TEXT_BUDGET = 10_000;

/**
 * Characters kept of each name in the request list. Escaping makes a name up to 5 times longer, so
 * a line with two names stays under about 900 characters.
 */
const LIST_NAME_MAX = 60;

/** Builds the `/wix requests` reply: pending requests with links to their cards, as many as fit in one message. */
export function pendingRequestsMessage(items: Array<{ request: ApprovalRequest; cardUrl: string | null }>, total: number): SlackMessage {
  if (total === 0) return { text: 'No approval requests are pending.', blocks: [section('No approval requests are pending.')] };
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: `Pending approval requests (${total})` } }];
  let used = 0;
  let shown = 0;
  for (const { request, cardUrl } of items) {
    // Names are cut, never the line, so the deadline and the link to the card always show.
    const line = `• ${mentionUser(request.requester.userId)}: ${requestSummary(request, LIST_NAME_MAX)} · ${request.required} approval(s) needed · expires ${slackDate(request.expiresAt)} · ${link(cardUrl, 'card')}`;
    if (used + line.length > LIST_TEXT_BUDGET || blocks.length >= 45) break;
    blocks.push(section(line));
    used += line.length;
    shown += 1;
  }
  if (total > shown) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${total - shown} more in the approvals channel.` }] });
  return { text: `${total} approval request(s) pending`, blocks };
}

/** Builds the reply to a role change that ran at once because no owner-level role was involved. */
export function directRoleChangeMessage(result: ExecutionResult): SlackMessage {
  const icons = { succeeded: ':white_check_mark:', failed: ':x:', unknown: ':warning:' } as const;
  const icon = icons[result.outcome];
  const text = `${icon} ${clip(result.message, 1000)}${result.wixRequestId ? ` (Wix request id ${code(result.wixRequestId)})` : ''} No approval was needed because no owner-level role is involved.`;
  return { text: fit(text, 3000), blocks: [section(text)] };
}
