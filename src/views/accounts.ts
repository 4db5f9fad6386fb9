import type { KnownBlock } from '@slack/types';
import type { AccountChoice } from '../lib/pickers/indexes.js';
import { code } from '../lib/mrkdwn.js';
import { plural, safe, sectionsOf } from './format.js';
import { pageSlice, pagingBlocks, type PageState } from './list-paging.js';
import type { SlackMessage } from './messages.js';

/** Base action_id of the account list's Previous/Next buttons. */
export const ACCOUNTS_PAGE_ACTION = 'accounts_page';

/** Accounts per page; 25 lines of at most about 220 characters, in two or more sections. */
export const ACCOUNTS_PAGE_SIZE = 25;

export interface AccountListInput {
  /** Child accounts after filtering, without the main account. */
  children: AccountChoice[];
  main: AccountChoice | null;
  state: PageState;
}

/** `/wix accounts`: the main account and one page of its child accounts. */
export function accountsMessage(input: AccountListInput): SlackMessage {
  const slice = pageSlice(input.children, input.state.page, ACCOUNTS_PAGE_SIZE);
  const state = { ...input.state, page: slice.page };
  const main = input.main ? `*Main account:* ${safe(input.main.name, 150)} ${code(input.main.id.slice(0, 80))}` : '*Main account:* unknown';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Wix accounts' } },
    { type: 'section', text: { type: 'mrkdwn', text: `${main}\n${plural(input.children.length, 'child account')}${input.state.query ? ` matching “${safe(input.state.query, 100)}”` : ''}. Sites can be transferred to them.` } },
  ];
  if (slice.items.length > 0) {
    const lines = slice.items.map((account) => `• ${safe(account.name, 150)} ${code(account.id.slice(0, 60))}`);
    blocks.push(...sectionsOf(lines));
  } else if (input.state.query) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No child account matches.' } });
  }
  blocks.push(...pagingBlocks(ACCOUNTS_PAGE_ACTION, state, slice.pageCount, 'child accounts', { offset: slice.offset, shown: slice.items.length, total: input.children.length }));
  return { text: `Wix accounts: ${plural(input.children.length, 'child account')}`, blocks };
}
