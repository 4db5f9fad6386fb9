import { NotFoundError, UsageError } from '../errors.js';
import { matchOne } from '../matching.js';
import type { CachedIndex } from '../pickers/cached-index.js';
import type { WixHttp } from '../wix/http.js';
import type { WixRole } from '../wix/roles.js';
import { querySites, siteLabel, type WixSite } from '../wix/sites.js';

/** A Wix object as the invite shows it: its ID and the name at the time of the request. */
export interface NamedRef {
  id: string;
  name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many role names the "choose a role" message lists before it cuts the list short. */
const MAX_LISTED_ROLES = 30;

/**
 * Resolves a role by exact ID or by name (case-insensitive). Without a role, throws a
 * UsageError that lists the account's roles: an invite grants access, so the bot does not pick
 * one on the user's behalf.
 */
export async function resolveRole(roles: CachedIndex<WixRole>, query: string | undefined): Promise<NamedRef> {
  const all = await roles.items();
  if (query === undefined || query.trim() === '') {
    const names = all.map((role) => role.name);
    const listed = names.slice(0, MAX_LISTED_ROLES).join(', ');
    const more = names.length > MAX_LISTED_ROLES ? ` and ${names.length - MAX_LISTED_ROLES} more` : '';
    const example = names[0] ?? 'Website Manager';
    throw new UsageError(`Choose the role to invite as. Roles of this Wix account: ${listed}${more}.`, `Add --role ROLE, for example --role "${example}".`);
  }
  const role = matchOne(all, query, { kind: 'role', id: (r) => r.id, name: (r) => r.name });
  return { id: role.id, name: role.name };
}

/**
 * Resolves each site by exact ID or by name (case-insensitive) against the cached site list.
 * A site ID missing from that list (it contains at most 1,000 sites) is looked up in Wix directly.
 */
export async function resolveSites(wix: WixHttp, sites: CachedIndex<WixSite>, queries: readonly string[]): Promise<NamedRef[]> {
  if (queries.length === 0) return [];
  const all = await sites.items();
  const resolved = new Map<string, NamedRef>();
  for (const query of queries) {
    const site = await resolveSite(wix, all, query);
    resolved.set(site.id, { id: site.id, name: siteLabel(site) });
  }
  return [...resolved.values()];
}

async function resolveSite(wix: WixHttp, all: WixSite[], query: string): Promise<WixSite> {
  try {
    return matchOne(all, query, { kind: 'site', id: siteId, name: siteLabel });
  } catch (error) {
    if (!(error instanceof NotFoundError) || !GUID.test(query.trim())) throw error;
    const direct = await querySites(wix, { ids: [query.trim()], max: 1 });
    const [site] = direct.sites;
    if (site === undefined) throw error;
    return site;
  }
}

function siteId(site: WixSite): string {
  return site.id;
}
