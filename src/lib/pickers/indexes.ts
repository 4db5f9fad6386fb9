import type { Logger } from 'pino';
import type { WixHttp } from '../wix/http.js';
import { siteLabel, type WixSite } from '../wix/sites.js';
import { searchTeam, type TeamMember } from '../wix/team.js';
import { ACCOUNT_NAME_UNAVAILABLE, getAccount, listChildAccountIds, type WixAccount } from '../wix/accounts.js';
import { getRolesInfo, type WixRole } from '../wix/roles.js';
import { CachedIndex } from './cached-index.js';
import { forEachLimited } from './concurrency.js';
import { loadAllSites } from './site-loader.js';

/** An account a site can be transferred to: the main account or one of its children. */
export interface AccountChoice extends WixAccount {
  isMain: boolean;
}

/** The picker indexes of one Wix account, shared by every modal and command. */
export interface PickerIndexes {
  sites: CachedIndex<WixSite>;
  members: CachedIndex<TeamMember>;
  accounts: CachedIndex<AccountChoice>;
  roles: CachedIndex<WixRole>;
}

export function createPickerIndexes(wix: WixHttp, logger: Logger, ttlMs = 5 * 60_000): PickerIndexes {
  const log = logger.child({ component: 'pickers' });
  return {
    sites: new CachedIndex<WixSite>({
      name: 'sites',
      load: async () => {
        const loaded = await loadAllSites(wix, log);
        return { items: loaded.sites, complete: loaded.complete };
      },
      id: (site) => site.id,
      searchText: (site) => [siteLabel(site), site.name ?? '', site.viewUrl ?? ''],
      ttlMs,
      logger: log,
    }),
    members: new CachedIndex<TeamMember>({
      name: 'members',
      load: async () => (await searchTeam(wix)).members,
      id: (member) => member.id,
      searchText: (member) => [member.name, member.email],
      ttlMs,
      logger: log,
    }),
    accounts: new CachedIndex<AccountChoice>({
      name: 'accounts',
      load: () => loadAccounts(wix),
      id: (account) => account.id,
      searchText: (account) => [account.name, account.slug ?? '', account.id],
      ttlMs,
      logger: log,
    }),
    roles: new CachedIndex<WixRole>({
      name: 'roles',
      load: () => getRolesInfo(wix),
      id: (role) => role.id,
      searchText: (role) => [role.name],
      ttlMs,
      logger: log,
    }),
  };
}

/** Starts loading every index in the background, so the first picker search finds a list. */
export function warmPickerIndexes(indexes: PickerIndexes): void {
  indexes.sites.warm();
  indexes.members.warm();
  indexes.accounts.warm();
  indexes.roles.warm();
}

async function loadAccounts(wix: WixHttp): Promise<AccountChoice[]> {
  const main = await getAccount(wix, wix.accountId).catch(() => ({ id: wix.accountId, name: 'Main account', slug: null }));
  const childIds = await listChildAccountIds(wix);
  const byId = new Map<string, AccountChoice>();
  await forEachLimited(childIds, 4, async (id) => {
    // Get Account fails for accounts the key cannot read; the ID alone is still a valid target.
    const account = await getAccount(wix, id).catch(() => ({ id, name: ACCOUNT_NAME_UNAVAILABLE, slug: null }));
    byId.set(id, { ...account, isMain: false });
  });
  const children = childIds.map((id) => byId.get(id)).filter((child): child is AccountChoice => child !== undefined);
  return [{ ...main, isMain: true }, ...children];
}
