import { pagingNumber, type WixRequestContext, type WixRoute } from './context.js';
import { applicationError, validationError } from './errors.js';

/** Wix returns at most this many domains per list call. */
const MAX_DOMAINS = 100;
const DOMAIN = /^(?=.{3,63}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/;

function page<T>(context: WixRequestContext, items: T[]): { items: T[]; metadata: Record<string, unknown> } {
  const limit = pagingNumber(context.query.get('paging.limit'), MAX_DOMAINS);
  const offset = pagingNumber(context.query.get('paging.offset'), 0);
  if (limit === null || limit > MAX_DOMAINS) throw validationError([{ field: 'paging.limit', description: `must be an integer from 0 to ${MAX_DOMAINS}`, violatedRule: 'MAX' }]);
  if (offset === null) throw validationError([{ field: 'paging.offset', description: 'must be an integer of at least 0', violatedRule: 'MIN' }]);
  const slice = items.slice(offset, offset + limit);
  return { items: slice, metadata: { count: slice.length, offset, total: items.length, hasNext: offset + slice.length < items.length } };
}

function listRegistered(context: WixRequestContext) {
  const own = context.state.registeredDomains.filter((d) => d.accountId === context.accountId);
  const { items, metadata } = page(context, own);
  return { registeredDomains: items.map(({ accountId: _a, ...d }) => d), pagingMetadata: metadata };
}

function listConnected(context: WixRequestContext) {
  const own = context.state.connectedDomains.filter((d) => d.accountId === context.accountId);
  const { items, metadata } = page(context, own);
  return { connectedDomains: items.map(({ accountId: _a, ...d }) => d), pagingMetadata: metadata };
}

/** Small stable hash, so the same name always gets the same availability. */
function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  return h >>> 0;
}

function checkAvailability(context: WixRequestContext) {
  const domain = (context.query.get('domain') ?? '').trim().toLowerCase();
  if (domain === '') throw validationError([{ field: 'domain', description: 'is required', violatedRule: 'REQUIRED_FIELD' }]);
  if (!DOMAIN.test(domain)) throw applicationError(400, 'INVALID_DOMAIN', `"${domain}" is not a root domain with a TLD (3 to 63 letters, digits, hyphens and dots)`);
  const taken = [...context.state.registeredDomains, ...context.state.connectedDomains].some((d) => d.domain === domain || d.domain.endsWith(`.${domain}`));
  // About a third of other names are taken, as happens with short names on real registries.
  return { availability: { domain, available: !taken && hash(domain) % 3 !== 0 } };
}

export const domainRoutes: WixRoute[] = [
  { method: 'GET', path: '/domains/v1/registered-domains', operation: 'List Registered Domains', handler: listRegistered },
  { method: 'GET', path: '/domains/v1/connected-domains', operation: 'List Connected Domains', handler: listConnected },
  { method: 'GET', path: '/domain-search/v2/check-domain-availability', operation: 'Check Domain Availability', handler: checkAvailability },
];
