import type { WixRequestContext, WixRoute } from './context.js';
import { applicationError, validationError } from './errors.js';
import type { Site } from './model.js';
import { checkFilter, checkSort, decodeCursor, encodeCursor, MAX_PAGE_LIMIT, MAX_SITES_RETRIEVABLE, siteMatches, sortSites, withDefaultNamespace, type SiteQuery } from './query.js';

function domainsOf(context: WixRequestContext): (siteId: string) => string[] {
  return (siteId) => [...context.state.registeredDomains, ...context.state.connectedDomains].filter((d) => d.siteInfo?.siteId === siteId).map((d) => d.domain);
}

function siteView(site: Site): Record<string, unknown> {
  const { state: _state, ...fields } = site;
  return { ...fields, contributorAccountIds: [...site.contributorAccountIds] };
}

function ownSites(context: WixRequestContext, filter: Record<string, unknown>): Site[] {
  const search = domainsOf(context);
  return context.state.sites.filter((site) => site.ownerAccountId === context.accountId && siteMatches(site, withDefaultNamespace(filter), search));
}

function querySites(context: WixRequestContext) {
  const query = (context.body.query ?? {}) as { filter?: unknown; sort?: unknown; cursorPaging?: { limit?: unknown; cursor?: unknown } };
  const limit = query.cursorPaging?.limit ?? 50;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw validationError([{ field: 'query.cursorPaging.limit', description: `must be an integer from 1 to ${MAX_PAGE_LIMIT}`, violatedRule: 'MAX' }]);
  }
  let current: SiteQuery;
  const cursor = query.cursorPaging?.cursor;
  if (typeof cursor === 'string' && cursor !== '') {
    if (query.filter !== undefined || query.sort !== undefined) {
      throw validationError([{ field: 'query', description: 'a request with a cursor must not repeat filter or sort; the cursor carries them', violatedRule: 'CUSTOM' }]);
    }
    current = decodeCursor(cursor);
  } else {
    const filter = (query.filter ?? {}) as Record<string, unknown>;
    if (typeof filter !== 'object' || Array.isArray(filter)) throw validationError([{ field: 'query.filter', description: 'must be an object', violatedRule: 'FORMAT' }]);
    checkFilter(filter, 'query.filter');
    current = { filter, sort: checkSort(query.sort), offset: 0 };
  }
  const matching = sortSites(ownSites(context, current.filter), current.sort).slice(0, MAX_SITES_RETRIEVABLE);
  const page = matching.slice(current.offset, current.offset + limit);
  const nextOffset = current.offset + page.length;
  const hasNext = nextOffset < matching.length;
  return {
    sites: page.map(siteView),
    metadata: { count: page.length, hasNext, cursors: { next: hasNext ? encodeCursor({ ...current, offset: nextOffset }) : null } },
  };
}

function countSites(context: WixRequestContext) {
  const filter = (context.body.filter ?? {}) as Record<string, unknown>;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw validationError([{ field: 'filter', description: 'must be an object', violatedRule: 'FORMAT' }]);
  // Count Sites does not support the premium and appIds filters.
  checkFilter(filter, 'filter', ['premium', 'appIds']);
  return { count: Math.min(MAX_SITES_RETRIEVABLE, ownSites(context, filter).length) };
}

/**
 * Transfer Site: the target account is the `wix-account-id` header. Checks run in the order a
 * caller most needs to hear about them: unknown target, unknown site, unrelated pair, paid site.
 */
function transferSite(context: WixRequestContext) {
  const transfer = context.body.siteTransfer as { siteId?: unknown; sourceAccountId?: unknown; enableNotifications?: unknown } | undefined;
  if (!transfer || typeof transfer.siteId !== 'string' || typeof transfer.sourceAccountId !== 'string') {
    throw validationError([{ field: 'siteTransfer', description: 'needs siteId and sourceAccountId', violatedRule: 'REQUIRED_FIELD' }]);
  }
  const { state } = context;
  const target = state.accounts.find((a) => a.accountId === context.accountId);
  if (!target) throw applicationError(428, 'TARGET_ACCOUNT_ID_NOT_FOUND', `target account ${context.accountId} does not exist`);
  const site = state.sites.find((s) => s.id === transfer.siteId && s.ownerAccountId === transfer.sourceAccountId);
  if (!site) throw applicationError(400, 'SITE_NOT_FOUND', `site ${transfer.siteId} is not in account ${transfer.sourceAccountId}`);
  const family = new Set([state.mainAccountId, ...state.accounts.filter((a) => a.parentAccountId === state.mainAccountId).map((a) => a.accountId)]);
  if (!family.has(transfer.sourceAccountId) || !family.has(target.accountId) || transfer.sourceAccountId === target.accountId) {
    throw applicationError(403, 'SITE_TRANSFER_NOT_ALLOWED', `transfers from ${transfer.sourceAccountId} to ${target.accountId} are not allowed`);
  }
  if (site.premium) throw applicationError(428, 'SITE_TRANSFER_NOT_SUPPORTED', 'the site has paid Wix services; cancel them before the transfer');
  site.ownerAccountId = target.accountId;
  site.folderId = null;
  site.updatedDate = context.now().toISOString();
  return { siteTransfer: { siteId: site.id, sourceAccountId: transfer.sourceAccountId, enableNotifications: transfer.enableNotifications === true } };
}

export const siteRoutes: WixRoute[] = [
  { method: 'POST', path: '/site-list/v2/sites/query', operation: 'Query Sites', handler: querySites },
  { method: 'POST', path: '/site-list/v2/sites/count', operation: 'Count Sites', handler: countSites },
  { method: 'POST', path: '/b2b-site-management/v1/transfer-site', operation: 'Transfer Site', handler: transferSite },
];
