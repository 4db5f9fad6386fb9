import { accountsList } from './accounts.js';
import { domainsList } from './domains.js';
import type { PagedList } from './paged-list.js';
import { sitesList } from './sites.js';
import { teamList } from './team.js';

/** Every list command with Previous/Next buttons; their page listeners are registered from this. */
export const pagedLists: PagedList[] = [teamList, sitesList, domainsList, accountsList];
