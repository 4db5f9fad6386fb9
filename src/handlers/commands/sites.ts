import { listSites } from '../../lib/account/listing.js';
import { SITES_PAGE_ACTION, sitesMessage } from '../../views/sites.js';
import { pagedListCommand, type PagedList } from './paged-list.js';

export const sitesList: PagedList = {
  subcommand: 'sites',
  pageAction: SITES_PAGE_ACTION,
  async render({ deps, log, state }) {
    const listing = await listSites(deps.wix, deps.pickers.sites, state.query, log);
    return sitesMessage({ ...listing, state });
  },
};

/** `/wix sites [QUERY]`: every site of the account, searched by name or domain. */
export const sitesCommand = pagedListCommand(sitesList, 'sites [QUERY]', 'List the sites of the account; search by name or domain.');
