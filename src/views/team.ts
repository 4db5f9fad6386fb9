import type { KnownBlock, Overflow } from '@slack/types';
import type { InviteRow, MemberRow, TeamRow } from '../lib/account/team.js';
import { plural, safe, wixDate } from './format.js';
import { pageSlice, pagingBlocks, type PageState } from './list-paging.js';
import type { SlackMessage } from './messages.js';

/** Base action_id of the team list's Previous/Next buttons. */
export const TEAM_PAGE_ACTION = 'team_page';
/** action_id of the overflow menu on each member. */
export const TEAM_MEMBER_MENU_ACTION = 'team_member_menu';

/** Members and invites per page. 15 rows of at most about 600 characters stay under 12k. */
export const TEAM_PAGE_SIZE = 15;

/** Operation chosen in a member's overflow menu; the option value also carries the Wix user ID. */
export type MemberMenuOperation = 'access' | 'role' | 'remove';

export interface TeamListInput {
  /** Rows after filtering. */
  rows: TeamRow[];
  memberCount: number;
  inviteCount: number;
  /** Count Sites' total, shown for members with an account-wide role; null when unknown. */
  siteTotal: number | null;
  /** False when Search Team stopped at the bot's safety cap. */
  complete: boolean;
  state: PageState;
}

/** `/wix team`: one page of members and pending invites with totals and paging. */
export function teamMessage(input: TeamListInput): SlackMessage {
  const slice = pageSlice(input.rows, input.state.page, TEAM_PAGE_SIZE);
  const state = { ...input.state, page: slice.page };
  const totals = `${plural(input.memberCount, 'member')} · ${plural(input.inviteCount, 'pending invite')}`;
  const filter = input.state.query ? ` · ${plural(input.rows.length, 'match', 'matches')} for “${safe(input.state.query, 100)}”` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Wix team' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: totals + filter }] },
  ];
  if (!input.complete) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ':warning: The list is incomplete: Wix reported more members than the bot reads (5,000).' }] });
  }
  if (slice.items.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: input.state.query ? 'No member or invite matches. Search by name, email or role.' : 'The team has no members yet.' } });
  }
  for (const row of slice.items) blocks.push(row.kind === 'member' ? memberBlock(row, input.siteTotal) : inviteBlock(row));
  blocks.push(...pagingBlocks(TEAM_PAGE_ACTION, state, slice.pageCount, 'members and invites', { offset: slice.offset, shown: slice.items.length, total: input.rows.length }));
  return { text: `Wix team: ${totals}`, blocks };
}

function memberBlock(row: MemberRow, siteTotal: number | null): KnownBlock {
  const { member } = row;
  const name = member.name ? `*${safe(member.name, 100)}*` : '*(no name)*';
  const email = member.email ? safe(member.email, 100) : 'no email';
  const roles = row.roleNames.length > 0 ? safe(row.roleNames.join(', '), 300) : 'no role';
  const sites = row.siteCount === null ? `all sites${siteTotal === null ? '' : ` (${siteTotal})`}` : plural(row.siteCount, 'site');
  const text = `${name} · ${email}\nRoles: ${roles}\nCan reach ${sites} · joined ${wixDate(member.joinedAt)}`;
  const block: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text } };
  const menu = memberMenu(member.id);
  if (menu) block.accessory = menu;
  return block;
}

function inviteBlock(row: InviteRow): KnownBlock {
  const roles = row.roleNames.length > 0 ? safe(row.roleNames.join(', '), 300) : 'no role';
  const text = `:envelope: ${safe(row.invite.email || '(no email)', 100)} · _pending invite_ (${safe(row.invite.status, 30)})\nRoles: ${roles}\nSent ${wixDate(row.invite.createdAt)} · expires ${wixDate(row.invite.expiresAt)}`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Builds the overflow menu of a member, or nothing when the ID is too long for an option value. */
function memberMenu(memberId: string): Overflow | undefined {
  if (memberId.length > 100) return undefined;
  const value = (operation: MemberMenuOperation) => JSON.stringify({ o: operation, m: memberId });
  return {
    type: 'overflow',
    action_id: TEAM_MEMBER_MENU_ACTION,
    options: [
      { text: { type: 'plain_text', text: 'Show access' }, value: value('access') },
      { text: { type: 'plain_text', text: 'Change role' }, value: value('role') },
      { text: { type: 'plain_text', text: 'Remove from team' }, value: value('remove') },
    ],
  };
}
