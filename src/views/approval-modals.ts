import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ApprovalAction } from '../lib/policy/subcommands.js';
import { truncate } from '../lib/mrkdwn.js';
import { MAX_REASON_LENGTH, type ApprovalRequest } from '../lib/approvals/types.js';
import { fit, requestSummary } from './approval-card.js';
import { PICKER_ACTIONS } from './pickers.js';

/** callback_ids of the approval modals. */
export const APPROVAL_CALLBACKS = {
  transfer: 'approval_request_transfer',
  remove: 'approval_request_remove',
  role: 'approval_request_role',
  deny: 'approval_deny_reason',
} as const;

/** block_ids of the modal inputs; the action_id of each input is the same string with `_input`. */
export const APPROVAL_INPUTS = {
  site: 'site',
  target: 'target',
  member: 'member',
  role: 'role',
  reason: 'reason',
} as const;

export const REASON_ACTION = 'reason_input';

/** Maximum length of a reason; the modal input enforces it in Slack, and the server checks it again. */
export const REASON_MAX_LENGTH = MAX_REASON_LENGTH;

function picker(blockId: string, label: string, actionId: string, placeholder: string, initialOption?: PlainTextOption): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: { type: 'external_select', action_id: actionId, min_query_length: 0, placeholder: { type: 'plain_text', text: placeholder }, ...(initialOption ? { initial_option: initialOption } : {}) },
  };
}

function reasonInput(label: string): InputBlock {
  return {
    type: 'input',
    block_id: APPROVAL_INPUTS.reason,
    label: { type: 'plain_text', text: label },
    element: { type: 'plain_text_input', action_id: REASON_ACTION, multiline: true, max_length: REASON_MAX_LENGTH, placeholder: { type: 'plain_text', text: 'Approvers and the audit log see this' } },
  };
}

const REQUEST_TITLES: Record<ApprovalAction, string> = { transfer: 'Transfer a site', remove: 'Remove a member', role: 'Change a role' };

/**
 * Builds the request form opened by `/wix transfer`, `/wix remove` or `/wix role` without arguments.
 * `privateMetadata` carries the channel of the command, for the confirmation. `initialMember`
 * preselects the member, as when the form is opened from a member's menu in `/wix team`.
 */
export function approvalRequestModal(action: ApprovalAction, privateMetadata: string, initialMember?: PlainTextOption): ModalView {
  const blocks: KnownBlock[] = [];
  if (action === 'transfer') {
    blocks.push(picker(APPROVAL_INPUTS.site, 'Site', PICKER_ACTIONS.site, 'Type a site name'));
    blocks.push(picker(APPROVAL_INPUTS.target, 'Move to account', PICKER_ACTIONS.account, 'Main account or a child account'));
  } else {
    blocks.push(picker(APPROVAL_INPUTS.member, 'Team member', PICKER_ACTIONS.member, 'Type a name or email', initialMember));
    if (action === 'role') blocks.push(picker(APPROVAL_INPUTS.role, 'New account-level role', PICKER_ACTIONS.role, 'Type a role name'));
  }
  blocks.push(reasonInput('Reason'));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: action === 'role' ? 'A change to or from an owner-level role goes to the approvers; other role changes run at once.' : 'The request goes to the approvers named in the policy file; nothing changes until they approve.',
      },
    ],
  });
  return {
    type: 'modal',
    callback_id: APPROVAL_CALLBACKS[action],
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: REQUEST_TITLES[action] },
    submit: { type: 'plain_text', text: action === 'role' ? 'Change role' : 'Ask for approval' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** Builds the modal that Deny opens: the reason is required and goes to the requester and the audit log. */
export function denyReasonModal(request: ApprovalRequest): ModalView {
  return {
    type: 'modal',
    callback_id: APPROVAL_CALLBACKS.deny,
    private_metadata: request.id,
    title: { type: 'plain_text', text: 'Deny request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fit(`Deny the request to ${requestSummary(request)}?`, 3000) } }, reasonInput('Why is it denied?')],
  };
}

/** Builds a modal with the outcome of a submission. `mrkdwn` must already be escaped. */
export function resultModal(title: string, mrkdwn: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: truncate(title, 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fit(mrkdwn, 3000) } }],
  };
}

/** Builds the modal shown after submission while the bot checks with Wix. */
export function checkingModal(title: string): ModalView {
  return resultModal(title, ':hourglass_flowing_sand: Checking with Wix…');
}
