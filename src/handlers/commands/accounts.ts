import { ACCOUNTS_PAGE_ACTION, accountsMessage } from '../../views/accounts.js';
import { pagedListCommand, type PagedList } from './paged-list.js';

export const accountsList: PagedList = {
  subcommand: 'accounts',
  pageAction: ACCOUNTS_PAGE_ACTION,
  async render({ deps, state }) {
    const all = await deps.pickers.accounts.items();
    const needle = state.query.trim().toLowerCase();
    const children = all.filter((account) => !account.isMain && (!needle || account.name.toLowerCase().includes(needle) || account.id.toLowerCase() === needle));
    return accountsMessage({ main: all.find((account) => account.isMain) ?? null, children, state });
  },
};

/** `/wix accounts [QUERY]`: the child accounts that sites can be transferred to. */
export const accountsCommand = pagedListCommand(accountsList, 'accounts [QUERY]', 'List the child accounts of the main account (transfer targets).');
