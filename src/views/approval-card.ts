import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { ApprovalRequest, ApprovalVote } from '../lib/approvals/types.js';
import { code, escapeInline, escapeMrkdwn, mentionUser, mentionUserGroup, singleLine, slackDate, truncate } from '../lib/mrkdwn.js';
import type { SlackMessage } from './messages.js';

/** action_ids of the buttons on cards and requester messages; each button's value is the request id. */
export const APPROVAL_ACTIONS = {
  approve: 'approval_approve',
  deny: 'approval_deny',
  cancel: 'approval_cancel',
} as const;

export const APPROVAL_CARD_BLOCKS = {
  actions: 'approval_actions',
  requesterActions: 'approval_requester_actions',
} as const;

/** Maximum length of one user or Wix text before escaping, because escaping can make it up to 5 times longer. */
const NAME_MAX = 150;
const REASON_MAX = 500;
const SITES_SHOWN = 25;
const APPROVERS_SHOWN = 20;

/**
 * Returns a name, email, label or result as one line of inert mrkdwn, cut to `max` characters, so a
 * name from Wix cannot add a line to a card or a message or change its formatting.
 */
export function clip(text: string, max = NAME_MAX): string {
  return escapeInline(truncate(singleLine(text), max));
}

/** Escapes a reason after cutting it to `max` characters; a reason keeps its line breaks. */
export function clipReason(text: string, max = REASON_MAX): string {
  return escapeMrkdwn(truncate(text, max));
}

/** Cuts escaped mrkdwn to `max` characters without splitting an `&amp;`-style entity. */
export function fit(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  return mrkdwn.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '') + '…';
}

function summary(request: ApprovalRequest, show: (text: string) => string): string {
  const s = request.snapshot;
  switch (s.action) {
    case 'transfer':
      return `transfer site ${show(s.siteName)} to ${show(s.targetAccountName)}`;
    case 'remove':
      return `remove ${show(s.memberEmail || s.memberName)} from the Wix team`;
    case 'role':
      return `change the role of ${show(s.memberEmail || s.memberName)} to ${show(s.newRole)}`;
  }
}

/**
 * Returns one line in plain words that says what the request does, as escaped mrkdwn with bold
 * names, each cut to `nameMax` characters.
 */
export function requestSummary(request: ApprovalRequest, nameMax = NAME_MAX): string {
  return summary(request, (text) => `*${clip(text, nameMax)}*`);
}

/** Returns the same line for plain_text objects, which Slack shows as typed (no escaping). */
export function requestSummaryPlain(request: ApprovalRequest): string {
  return summary(request, (text) => truncate(singleLine(text), NAME_MAX));
}

/** Returns the same line as escaped mrkdwn without formatting, for top-level message text. */
export function requestSummaryText(request: ApprovalRequest): string {
  return summary(request, (text) => clip(text));
}

function sitesText(sites: Array<{ id: string; name: string }>, budget: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, site] of sites.slice(0, SITES_SHOWN).entries()) {
    const line = `• ${clip(site.name, 60)} ${code(site.id)}`;
    if (used + line.length + 40 > budget) {
      lines.push(`…and ${sites.length - index} more`);
      return lines.join('\n');
    }
    lines.push(line);
    used += line.length + 1;
  }
  if (sites.length > SITES_SHOWN) lines.push(`…and ${sites.length - SITES_SHOWN} more`);
  return lines.join('\n');
}

/** Exactly what will happen, with names and IDs. */
export function requestDetails(request: ApprovalRequest): string {
  const s = request.snapshot;
  const p = request.params;
  let text = '';
  if (s.action === 'transfer' && p.action === 'transfer') {
    text = [
      `*Site:* ${clip(s.siteName)} ${code(p.siteId)}`,
      s.siteUrl ? `*URL:* ${clip(s.siteUrl, 200)}` : '',
      `*From account:* ${clip(s.sourceAccountName)} ${code(p.sourceAccountId)}`,
      `*To account:* ${clip(s.targetAccountName)} ${code(p.targetAccountId)}`,
      'Wix moves the site with its content; paid services must be cancelled first.',
    ]
      .filter(Boolean)
      .join('\n');
  } else if (s.action === 'remove' && p.action === 'remove') {
    const head = [
      `*Member:* ${clip(s.memberName || s.memberEmail)} (${clip(s.memberEmail || 'no email')}) ${code(p.userId)}`,
      `*Roles:* ${s.roles.length ? clip(s.roles.join(', '), 300) : 'none'}`,
      `*Can reach now:* ${s.accountWide ? 'every site of the account (account-level role)' : s.sites.length ? `${s.sites.length} site(s)` : 'no sites'}`,
    ].join('\n');
    text = s.sites.length ? `${head}\n${sitesText(s.sites, 2900 - head.length)}` : head;
  } else if (s.action === 'role' && p.action === 'role') {
    const head = [
      `*Member:* ${clip(s.memberName || s.memberEmail)} (${clip(s.memberEmail || 'no email')}) ${code(p.userId)}`,
      `*Account-level role now:* ${s.oldRoles.length ? clip(s.oldRoles.join(', '), 300) : 'none'}`,
      `*New account-level role:* ${clip(s.newRole)} ${code(p.newRoleId)}`,
      s.sites.length ? '*Site-level access, unchanged:*' : '',
    ]
      .filter(Boolean)
      .join('\n');
    text = s.sites.length ? `${head}\n${sitesText(s.sites, 2900 - head.length)}` : head;
  }
  return fit(text, 3000);
}

const TITLES: Record<ApprovalRequest['action'], string> = {
  transfer: 'Approval needed: site transfer',
  remove: 'Approval needed: remove a team member',
  role: 'Approval needed: owner-level role change',
};

function stateText(request: ApprovalRequest, votes: ApprovalVote[]): string {
  const by = request.decidedBy ? mentionUser(request.decidedBy) : 'the bot';
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  const approvers = votes.filter((v) => v.decision === 'approve').map((v) => mentionUser(v.userId));
  const result = request.result ? `${clip(request.result.message, 600)}${request.result.wixRequestId ? ` (Wix request id ${code(request.result.wixRequestId)})` : ''}` : '';
  switch (request.state) {
    case 'pending':
      return '';
    case 'approved':
      return `:white_check_mark: *Approved* by ${approvers.join(', ') || by} ${when}. Starting…`;
    case 'executing':
      return `:hourglass_flowing_sand: *Approved* by ${approvers.join(', ') || by} ${when}. *Executing* in Wix now…`;
    case 'succeeded':
      return `:white_check_mark: *Done.* Approved by ${approvers.join(', ') || by} ${when}. ${result}`;
    case 'failed':
      return `:x: *Failed.* Approved by ${approvers.join(', ') || by} ${when}. ${result}`;
    case 'unknown':
      return `:warning: *Outcome unknown: check the Wix dashboard.* Approved by ${approvers.join(', ') || by} ${when}. ${result}`;
    case 'denied':
      return `:no_entry: *Denied* by ${by} ${when}: ${clipReason(request.denyReason ?? '')}`;
    case 'cancelled':
      return request.decidedBy ? `:heavy_multiplication_x: *Cancelled* by ${by} ${when}.` : `:heavy_multiplication_x: *Cancelled* by the bot ${when}.`;
    case 'expired':
      return `:hourglass: *Expired* ${slackDate(request.expiresAt)} with no decision.`;
  }
}

function approverList(principals: string[]): string {
  const shown = principals.slice(0, APPROVERS_SHOWN).map((p) => (p.startsWith('S') ? mentionUserGroup(p) : mentionUser(p)));
  const more = principals.length > APPROVERS_SHOWN ? ` and ${principals.length - APPROVERS_SHOWN} more` : '';
  return shown.join(', ') + more;
}

/** Approve (with Slack's confirm dialog) and Deny. The value is only the request id. */
function decisionButtons(request: ApprovalRequest): ActionsBlock {
  const approve: Button = {
    type: 'button',
    action_id: APPROVAL_ACTIONS.approve,
    text: { type: 'plain_text', text: 'Approve' },
    style: 'primary',
    value: request.id,
    confirm: {
      title: { type: 'plain_text', text: 'Approve this change?' },
      text: { type: 'plain_text', text: truncate(`You approve: ${requestSummaryPlain(request)}. It cannot be undone with a click.`, 300) },
      confirm: { type: 'plain_text', text: 'Approve' },
      deny: { type: 'plain_text', text: 'Back' },
      style: 'primary',
    },
  };
  const deny: Button = { type: 'button', action_id: APPROVAL_ACTIONS.deny, text: { type: 'plain_text', text: 'Deny' }, style: 'danger', value: request.id };
  return { type: 'actions', block_id: APPROVAL_CARD_BLOCKS.actions, elements: [approve, deny] };
}

/**
 * The card in the approvals channel: who asked, what exactly will happen, the reason, the
 * deadline, who may approve and how many approvals exist. Buttons are shown only while pending.
 */
export function approvalCard(request: ApprovalRequest, votes: ApprovalVote[]): SlackMessage {
  const approvals = votes.filter((v) => v.decision === 'approve');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: TITLES[request.action] } },
    { type: 'section', text: { type: 'mrkdwn', text: `${mentionUser(request.requester.userId)} asks to ${requestSummary(request)}.` } },
    { type: 'section', text: { type: 'mrkdwn', text: requestDetails(request) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Reason:* ${clipReason(request.reason)}` } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `*Approvers:* ${approverList(request.approvers)} (the requester cannot approve)` },
        {
          type: 'mrkdwn',
          text: `*Approvals:* ${approvals.length} of ${request.required}${approvals.length ? ` (${approvals.map((v) => mentionUser(v.userId)).join(', ')})` : ''}`,
        },
        { type: 'mrkdwn', text: `*Expires:* ${slackDate(request.expiresAt)}` },
      ],
    },
  ];
  const state = stateText(request, votes);
  if (state) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fit(state, 2000) } });
  if (request.state === 'pending') blocks.push(decisionButtons(request));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Request ${code(request.id)} · state ${request.state}` }] });
  const text = fit(`${TITLES[request.action]} (${request.state}): ${requestSummaryText(request)}`, 3000);
  return { text, blocks };
}
