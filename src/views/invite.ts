import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { AddressOutcome, InviteResult } from '../lib/invites/send-invites.js';
import type { WixRole } from '../lib/wix/roles.js';
import { code, escapeMrkdwn, truncate } from '../lib/mrkdwn.js';
import type { SlackMessage } from './messages.js';
import { PICKER_ACTIONS, roleOption } from './pickers.js';

export const INVITE_CALLBACK_ID = 'invite_submit';

/** block_ids of the invite modal; per-field errors are keyed by these. */
export const INVITE_BLOCKS = {
  emails: 'invite_emails',
  role: 'invite_role',
  sites: 'invite_sites',
} as const;

/** action_ids of the invite modal. Sites, and roles past 100, use the shared picker listeners. */
export const INVITE_ACTIONS = {
  emails: 'invite_emails_input',
  role: 'invite_role_select',
  roleSearch: PICKER_ACTIONS.role,
  sites: PICKER_ACTIONS.sites,
} as const;

const TITLE = 'Wix invite';

/** Slack's static select takes at most 100 options, so longer role lists use the searchable role picker. */
const MAX_STATIC_ROLES = 100;

export interface InviteModalInput {
  /** Roles to offer; the caller leaves out owner-level roles. */
  roles: WixRole[];
  /** Opaque state that comes back with the submission, at most 3,000 characters. */
  privateMetadata: string;
}

/** Builds the invite form: addresses, one role, and optionally the sites the role is limited to. */
export function inviteModal(input: InviteModalInput): ModalView {
  const roleElement =
    input.roles.length > 0 && input.roles.length <= MAX_STATIC_ROLES
      ? { type: 'static_select' as const, action_id: INVITE_ACTIONS.role, placeholder: { type: 'plain_text' as const, text: 'Choose a role' }, options: input.roles.map(roleOption) }
      : { type: 'external_select' as const, action_id: INVITE_ACTIONS.roleSearch, min_query_length: 0, placeholder: { type: 'plain_text' as const, text: 'Type to search the roles' } };
  return {
    type: 'modal',
    callback_id: INVITE_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: { type: 'plain_text', text: TITLE },
    submit: { type: 'plain_text', text: 'Send invites' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: INVITE_BLOCKS.emails,
        label: { type: 'plain_text', text: 'Email addresses' },
        hint: { type: 'plain_text', text: 'Up to 50, separated by commas, spaces or new lines.' },
        element: {
          type: 'plain_text_input',
          action_id: INVITE_ACTIONS.emails,
          multiline: true,
          max_length: 3000,
          placeholder: { type: 'plain_text', text: 'new.member@example.com, other.member@example.com' },
        },
      },
      {
        type: 'input',
        block_id: INVITE_BLOCKS.role,
        label: { type: 'plain_text', text: 'Role' },
        hint: { type: 'plain_text', text: 'Owner-level roles need approval, so they cannot be given by invite. Invite with another role, then ask for it with /wix role.' },
        element: roleElement,
      },
      {
        type: 'input',
        block_id: INVITE_BLOCKS.sites,
        optional: true,
        label: { type: 'plain_text', text: 'Sites' },
        hint: { type: 'plain_text', text: 'Leave empty to give the role on the whole Wix account.' },
        element: { type: 'multi_external_select', action_id: INVITE_ACTIONS.sites, min_query_length: 0, placeholder: { type: 'plain_text', text: 'Type to search the sites' } },
      },
    ],
  };
}

/** Replaces the form after a valid submission while Wix sends the invites. */
export function inviteSendingModal(addressCount: number): ModalView {
  const noun = addressCount === 1 ? 'invite' : 'invites';
  return {
    type: 'modal',
    title: { type: 'plain_text', text: TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:hourglass_flowing_sand: Sending ${addressCount} ${noun}… The result also goes to you as a message, so you can close this.` } }],
  };
}

/** Builds the modal that shows the result once Wix has responded. */
export function inviteDoneModal(result: InviteResult): ModalView {
  return { type: 'modal', title: { type: 'plain_text', text: TITLE }, close: { type: 'plain_text', text: 'Close' }, blocks: inviteResultBlocks(result) };
}

/** Builds the ephemeral reply or DM that lists every address with its outcome, the role and the sites. */
export function inviteResultMessage(result: InviteResult): SlackMessage {
  return { text: escapeMrkdwn(summaryText(result)), blocks: inviteResultBlocks(result) };
}

/** Shown for an address that a 2xx Create Invite response did not list, so its email may have gone out. */
const NO_REPORT_FROM_WIX = 'Wix did not report on this address; check the team page before inviting again.';

// Budgets that keep the worst case (50 addresses with long Wix errors, many long site names)
// under Slack's total of about 12,000 characters of block text per message.
const MAX_ADDRESS_SHOWN = 80;
const ADDRESS_LINES_BUDGET = 8500;
const MAX_ERROR_SHOWN = 500;
const MIN_ERROR_SHOWN = 40;
const SCOPE_BUDGET = 1000;
const REPEATS_BUDGET = 1200;
const SECTION_MAX = 3000;

function inviteResultBlocks(result: InviteResult): KnownBlock[] {
  const invited = result.outcomes.filter((o) => o.status === 'invited');
  const failed = result.outcomes.filter((o): o is Extract<AddressOutcome, { status: 'failed' }> => o.status === 'failed');
  const unknown = result.outcomes.filter((o) => o.status === 'unknown');
  const invalid = result.outcomes.filter((o) => o.status === 'invalid');
  const repeats = result.outcomes.filter((o): o is Extract<AddressOutcome, { status: 'duplicate' }> => o.status === 'duplicate');

  const lineCount = Math.max(1, invited.length + failed.length + unknown.length + invalid.length);
  const errorMax = Math.min(MAX_ERROR_SHOWN, Math.max(MIN_ERROR_SHOWN, Math.floor(ADDRESS_LINES_BUDGET / lineCount) - MAX_ADDRESS_SHOWN - 10));

  const blocks: KnownBlock[] = [section(`${statusIcon(result)} ${headline(result)}\n${scopeText(result)}`)];
  blocks.push(...listSections(`:white_check_mark: *Invited (${invited.length})*`, invited.map((o) => `• ${address(o.email)}`)));
  blocks.push(...listSections(`:x: *Failed (${failed.length})*`, failed.map((o) => `• ${address(o.email)}: ${escapeMrkdwn(truncate(o.error, errorMax))}`)));
  blocks.push(...listSections(`:grey_question: *No report from Wix (${unknown.length})*`, unknown.map((o) => `• ${address(o.email)}: ${NO_REPORT_FROM_WIX}`)));
  blocks.push(...listSections(`:warning: *Not valid email addresses, not sent (${invalid.length})*`, invalid.map((o) => `• ${address(o.email)}`)));
  if (repeats.length > 0) blocks.push(section(repeatsText(repeats)));
  const ids = [result.wixRequestId ? `Wix request ${code(result.wixRequestId)}` : '', `audit event ${code(result.auditEventId)}`].filter(Boolean);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ids.join(' · ') }] });
  return blocks;
}

function summaryText(result: InviteResult): string {
  return truncate(headline(result).replace(/\*/g, ''), 3000);
}

function headline(result: InviteResult): string {
  const sent = result.outcomes.filter((o) => o.status === 'invited').length;
  const given = result.outcomes.filter((o) => o.status !== 'duplicate').length;
  return `Invited *${sent}* of ${given} ${given === 1 ? 'address' : 'addresses'} as *${escapeMrkdwn(truncate(result.role.name, 100))}*.`;
}

function scopeText(result: InviteResult): string {
  if (result.sites.length === 0) return 'Access: the whole Wix account.';
  const names = result.sites.map((site) => `*${escapeMrkdwn(truncate(site.name, 80))}*`);
  return truncate(`Access: ${result.sites.length === 1 ? 'the site' : `${result.sites.length} sites:`} ${names.join(', ')}.`, SCOPE_BUDGET);
}

function statusIcon(result: InviteResult): string {
  if (result.outcome === 'succeeded') return ':white_check_mark:';
  if (result.outcome === 'unknown') return ':grey_question:';
  return result.outcome === 'partially_succeeded' ? ':warning:' : ':x:';
}

function address(email: string): string {
  return escapeMrkdwn(truncate(email, MAX_ADDRESS_SHOWN));
}

/** Repeats are grouped per kept address, so a long list of repeats stays one short line each. */
function repeatsText(repeats: Array<Extract<AddressOutcome, { status: 'duplicate' }>>): string {
  const counts = new Map<string, number>();
  for (const repeat of repeats) counts.set(repeat.keptAs, (counts.get(repeat.keptAs) ?? 0) + 1);
  const items = [...counts].map(([kept, count]) => `${address(kept)}${count > 1 ? ` (${count} times)` : ''}`);
  return truncate(`:information_source: Repeated addresses, counted once: ${items.join(', ')}`, REPEATS_BUDGET);
}

/** Splits a heading and its lines into sections of at most 3,000 characters each. */
function listSections(heading: string, lines: string[]): SectionBlock[] {
  if (lines.length === 0) return [];
  const sections: SectionBlock[] = [];
  let current = heading;
  for (const line of lines) {
    if (current.length + 1 + line.length > SECTION_MAX) {
      sections.push(section(current));
      current = line;
    } else {
      current += `\n${line}`;
    }
  }
  sections.push(section(current));
  return sections;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } };
}
